/**
 * Engine tests run the built package (dist/) while unit tests import the TypeScript sources, so a
 * test run after an edit without a build would test old code. `staleBuild` says why dist/ no
 * longer matches nodes/ and credentials/; jest's global setup rebuilds when it does, and the
 * harness refuses to load a stale dist/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SOURCE_FOLDERS = ['nodes', 'credentials'];
/** Copied unchanged into dist/ by gulp (which keeps their time); everything else is compiled. */
const COPIED = /\.(png|svg|json)$/;

function filesUnder(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder, { recursive: true, encoding: 'utf8' })
		.map((file) => join(folder, file))
		.filter((file) => statSync(file).isFile());
}

/** The dist/ file a source file becomes, or undefined when the build leaves it out. */
function builtFrom(root: string, source: string): string | undefined {
	const path = relative(root, source);
	if (path.endsWith('.d.ts')) return undefined;
	if (path.endsWith('.ts')) return join(root, 'dist', path.replace(/\.ts$/, '.js'));
	if (COPIED.test(path)) return join(root, 'dist', path);
	return undefined;
}

/** Why dist/ is not the build of today's sources under `root`, or undefined when it is. */
export function staleBuild(root: string): string | undefined {
	const sources = SOURCE_FOLDERS.flatMap((folder) => filesUnder(join(root, folder)));
	const built = new Set<string>();
	for (const source of sources) {
		const output = builtFrom(root, source);
		if (!output) continue;
		built.add(output);
		if (!existsSync(output)) return `${relative(root, output)} is missing`;
		// gulp keeps a copied file's time only to the millisecond, so it can look a little older.
		const slackMs = COPIED.test(source) ? 1 : 0;
		if (statSync(output).mtimeMs + slackMs < statSync(source).mtimeMs) {
			return `${relative(root, source)} changed after it was built`;
		}
	}
	const compiled = SOURCE_FOLDERS.flatMap((folder) => filesUnder(join(root, 'dist', folder)));
	const orphan = compiled.find((file) => file.endsWith('.js') && !built.has(file));
	if (orphan) return `${relative(root, orphan)} has no source any more`;
	return undefined;
}

/** Builds (npm run build) when dist/ is stale, and fails loudly if it still is afterwards. */
export function ensureFreshBuild(root: string): void {
	const reason = staleBuild(root);
	if (!reason) return;
	process.stderr.write(`\ndist/ is stale (${reason}): npm run build\n`);
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const still = staleBuild(root);
	if (still) throw new Error(`dist/ is still stale after npm run build: ${still}`);
}
