/**
 * The watch half of `npm run dev`: `tsc --watch` compiles nodes/ and credentials/ into dist/ on
 * every save, and gulp copies icons and the codex beside them. An n8n started with
 * N8N_CUSTOM_EXTENSIONS on that dist/ and N8N_DEV_RELOAD=true (prepareDevReload) watches it and
 * reloads the node in place, so an edit reaches the editor without a restart.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startProcess, stopProcess } from './processes';

/**
 * Readies `distDir` for n8n's reload of a custom extension folder and returns the environment
 * that turns it on: n8n reloads only in development mode (NODE_ENV unset or "development") with
 * N8N_DEV_RELOAD=true, then re-reads the folder's node and credential files on every change and
 * rewrites the types the editor loads. It also lists the folder's node_modules/ to watch linked
 * packages, and without one its watcher never starts (n8n 2.40.7 logs ENOENT and reloads nothing).
 */
export function prepareDevReload(distDir: string): NodeJS.ProcessEnv {
	mkdirSync(join(distDir, 'node_modules'), { recursive: true });
	return { N8N_CUSTOM_EXTENSIONS: distDir, N8N_DEV_RELOAD: 'true', NODE_ENV: 'development' };
}

export interface DevBuild {
	/** Resolves after the next compile that tsc reports as finished, with its error count. */
	nextCompile(): Promise<number>;
	stop(): Promise<void>;
}

/** tsc prints this line after every compile in watch mode, the first one included. */
const COMPILED = /Found (\d+) errors?\. Watching for file changes\./;

/** Starts the watchers in `root` (a checkout); resolves once the first compile is done. */
export async function startDevBuild(
	root: string,
	print: (line: string) => void = () => undefined,
): Promise<DevBuild> {
	const bin = (name: string) => join(root, 'node_modules/.bin', name);
	const waiting: Array<(errors: number) => void> = [];
	const tsc = startProcess(
		bin('tsc'),
		['-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'],
		{ cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	forEachLine(tsc, (line) => {
		print(`tsc: ${line}`);
		const compiled = line.match(COMPILED);
		if (compiled) for (const resolve of waiting.splice(0)) resolve(Number(compiled[1]));
	});
	const icons = startProcess(bin('gulp'), ['watch:icons'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	forEachLine(icons, (line) => print(`icons: ${line}`));

	const nextCompile = () =>
		new Promise<number>((resolve, reject) => {
			waiting.push(resolve);
			tsc.once('exit', (code) => reject(new Error(`tsc --watch exited with ${code}`)));
		});
	await nextCompile();
	return {
		nextCompile,
		stop: async () => {
			await Promise.all([stopProcess(tsc), stopProcess(icons)]);
		},
	};
}

function forEachLine(child: ChildProcess, onLine: (line: string) => void): void {
	for (const stream of [child.stdout, child.stderr]) {
		let rest = '';
		stream?.on('data', (chunk: Buffer) => {
			const lines = (rest + chunk.toString()).split('\n');
			rest = lines.pop() ?? '';
			// tsc clears nothing with --preserveWatchOutput, but still prints escape codes.
			for (const line of lines) onLine(line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim());
		});
	}
}
