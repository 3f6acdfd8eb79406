/**
 * `npm run dev`'s loop, for real: a copy of the sources built by the same watchers (tsc --watch,
 * the icon copy) into a dist/ that a running n8n loads as a custom extension in dev-reload mode.
 * A description string is edited in the copy's TypeScript; the node type n8n serves over REST
 * must change, with the same n8n process still running.
 */
import { cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { prepareDevReload, startDevBuild } from '../../../tooling/n8n/devBuild';
import { N8nHome, type N8nInstall, readLog } from '../../../tooling/n8n/n8n';
import { ROOT } from '../../../tooling/n8n/paths';
import { N8nRest } from '../../../tooling/n8n/rest';
import type { Report } from '../lib/report';

const COPIED = ['nodes', 'credentials', 'tsconfig.json', 'gulpfile.js'];
const NODE_FILE = 'nodes/PlivoPhlo/PlivoPhlo.node.ts';
/** The node's own description: the first `description:` string of the node file. */
const NODE_DESCRIPTION = /(\bdescription:\s*)'[^']*'/;
/**
 * What n8n logs (at debug level) as it starts watching the custom extension folder for hot reload,
 * after it has started serving and after it has watched n8n-nodes-base (2–3 s).
 */
const WATCHING = /Watching node folders for hot reload \{ "loader": "CUSTOM"/;
/** The watcher subscribes just after that line; an edit saved before it is never seen. */
const SUBSCRIBE_MS = 1000;

export async function checkDevReload(
	install: N8nInstall,
	folder: string,
	report: Report,
): Promise<void> {
	const checkout = join(folder, 'checkout');
	mkdirSync(checkout, { recursive: true });
	for (const entry of COPIED) cpSync(join(ROOT, entry), join(checkout, entry), { recursive: true });
	symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(checkout, 'node_modules'));

	const build = await startDevBuild(checkout);
	try {
		const home = new N8nHome(install, join(folder, 'n8n'));
		mkdirSync(home.userFolder, { recursive: true });
		// At debug level n8n logs when it starts watching the folder: the edit waits for that.
		const env = { ...prepareDevReload(join(checkout, 'dist')), N8N_LOG_LEVEL: 'debug' };
		const server = await home.start(env);
		try {
			const rest = new N8nRest(server.url);
			await rest.setupOwner();
			const watching = await waitFor(async () => WATCHING.test(readLog(server.log)), true, 60_000);
			report.check("n8n's log shows it watching the extension folder", watching);
			await new Promise((resolve) => setTimeout(resolve, SUBSCRIBE_MS));
			const before = await nodeDescription(rest);
			report.check('n8n loads the watched build', Boolean(before), 'CUSTOM.plivoPhlo missing');

			const edited = `Edited while n8n runs ${Date.now()}`;
			const file = join(checkout, NODE_FILE);
			const source = readFileSync(file, 'utf8');
			report.check('the node file has a description to edit', NODE_DESCRIPTION.test(source));
			const compiled = build.nextCompile();
			writeFileSync(file, source.replace(NODE_DESCRIPTION, `$1'${edited}'`));
			report.equal('tsc --watch rebuilds the edit without errors', await compiled, 0);

			const after = await waitFor(() => nodeDescription(rest), edited, 60_000);
			report.equal('n8n serves the edited description without a restart', after, edited);
			report.matches(
				"n8n's log shows its hot reload of the extension folder",
				readLog(server.log),
				/Hot reload triggered for CUSTOM/,
			);
		} finally {
			await server.stop();
		}
	} finally {
		await build.stop();
	}
}

async function nodeDescription(rest: N8nRest): Promise<string | undefined> {
	// n8n rewrites the file on a reload: a read in the middle of it is not JSON yet.
	const nodes = await rest
		.request<Array<{ name: string; description?: string }>>('GET', '/types/nodes.json')
		.catch(() => []);
	return nodes.find((node) => node.name === 'CUSTOM.plivoPhlo')?.description;
}

/** Polls until `read` gives `wanted` or the time is up; returns the last value read. */
async function waitFor<T>(read: () => Promise<T>, wanted: T, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (value !== wanted && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		value = await read();
	}
	return value;
}
