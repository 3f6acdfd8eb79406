/**
 * The n8n lines the suite runs against, pinned. The README's Compatibility section and
 * docs/compatibility.md state this range and what ran on each line.
 * node: a major version installed from the registry into the cache, or 'system' (this machine's).
 */
export interface N8nLine {
	/** The name E2E_LINES selects it by (its version works too). */
	name: string;
	version: string;
	node: string;
	/** The editor in Chromium runs on this line too. */
	editor: boolean;
	/** Environment every n8n process of this line gets. */
	env?: NodeJS.ProcessEnv;
}

/** The newest n8n that installs from the registry (2.41.3 needs a package the registry lacks). */
export const CURRENT: N8nLine = { name: 'current', version: '2.41.1', node: '24', editor: true };
/** The first 2.x. */
export const OLDEST: N8nLine = { name: 'oldest', version: '2.0.3', node: 'system', editor: false };
/**
 * The last 1.x, still patched; its isolated-vm builds on Node 22, not on 20. Its default
 * expression engine ('vm') resolves `$('Node')…` to null, in n8n's own Set node too, where the
 * legacy engine and 2.x's 'vm' engine do not (docs/compatibility.md); the suite's workflows read
 * the Items node that way, so they run on the legacy engine.
 */
export const LAST_1X: N8nLine = {
	name: '1.x',
	version: '1.123.81',
	node: '22',
	// Its editor shows a canvas only once it has its 14.6 MB node types, fetched on every page
	// load: slow on a loaded machine, so test/e2e/lib/editorLine.ts gives 1.x longer waits.
	editor: true,
	env: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

export const LINES: readonly N8nLine[] = [CURRENT, OLDEST, LAST_1X];

/** The major version: n8n 1.x and 2.x differ in a few CLI and REST details. */
export const majorOf = (version: string) => Number(version.split('.')[0]);

/**
 * The lines E2E_LINES names, comma-separated, by name or version ("1.123.81", "current,1.x");
 * all of them when it is empty or unset. An unknown name is an error, not a silent skip.
 */
export function selectLines(selector = ''): N8nLine[] {
	const wanted = selector
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	if (wanted.length === 0) return [...LINES];
	const unknown = wanted.filter((w) => !LINES.some((l) => l.name === w || l.version === w));
	if (unknown.length > 0) {
		const known = LINES.map((l) => `${l.name} (${l.version})`).join(', ');
		throw new Error(`E2E_LINES: unknown line ${unknown.join(', ')}; known: ${known}`);
	}
	return LINES.filter((line) => wanted.includes(line.name) || wanted.includes(line.version));
}
