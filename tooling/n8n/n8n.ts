/**
 * A real n8n from the cache: installing it once, and running its CLI or its server against one
 * user folder with an environment that keeps it quiet and on loopback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

import { INSTALL_SCRIPT, ROOT } from './paths';
import { freePort } from './ports';
import { mustRun, runCommand, startProcess, stopProcess, type CommandResult } from './processes';
import type { N8nLine } from './versions';

export interface N8nInstall {
	version: string;
	/** The Node binary this n8n runs on. */
	node: string;
	/** n8n's bin/n8n script. */
	bin: string;
	/** Environment every process of this line gets (N8nLine.env). */
	env?: NodeJS.ProcessEnv;
}

export const cacheDir = (version: string) => join(ROOT, '.cache', `n8n-${version}`);

/** Installs the n8n line into .cache/n8n-<version> unless it is there already (minutes, once). */
export async function ensureN8n(line: N8nLine): Promise<N8nInstall & { installedNow: boolean }> {
	const dir = cacheDir(line.version);
	const installedNow = !existsSync(join(dir, '.complete'));
	if (installedNow) console.log(`  installing n8n ${line.version} (Node ${line.node}) into ${dir}`);
	await mustRun('bash', [INSTALL_SCRIPT, line.version, line.node], { timeoutMs: 20 * 60_000 });
	return {
		version: line.version,
		node: readFileSync(join(dir, '.node'), 'utf8').trim(),
		bin: join(dir, 'node_modules/n8n/bin/n8n'),
		env: line.env,
		installedNow,
	};
}

export interface N8nServer {
	url: string;
	log: string;
	/** The process's ID (for its CPU time in /proc). */
	pid?: number;
	stop(): Promise<void>;
}

/** One n8n user folder: CLI commands and a server, all on loopback. */
export class N8nHome {
	/** settings: environment for every process of this home (e.g. queue mode's Redis and database). */
	constructor(
		readonly install: N8nInstall,
		readonly userFolder: string,
		readonly settings: NodeJS.ProcessEnv = {},
	) {}

	private env(port: number, brokerPort: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return {
			...process.env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'e2e-not-a-secret-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(port),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ONBOARDING_FLOW_DISABLED: 'true',
			N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
			N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
			EXECUTIONS_DATA_PRUNE: 'false',
			DB_SQLITE_POOL_SIZE: '2',
			N8N_LOG_LEVEL: 'warn',
			NO_COLOR: '1',
			...this.install.env,
			...this.settings,
			...extra,
		};
	}

	/** Runs `n8n <args>` to the end. */
	async cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
		// `n8n execute` prints the run through its logger at info level.
		const env = this.env(await freePort(), await freePort(), {
			N8N_LOG_LEVEL: 'info',
			...extraEnv,
		});
		return runCommand(this.install.node, [this.install.bin, ...args], {
			env,
			cwd: this.userFolder,
			timeoutMs: 180_000,
		});
	}

	async mustCli(args: string[]): Promise<CommandResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${tail}`);
		}
		return result;
	}

	/** `n8n start` on a free loopback port; resolves once the REST API answers. */
	async start(extraEnv: NodeJS.ProcessEnv = {}, port?: number): Promise<N8nServer> {
		port ??= await freePort();
		const url = `http://127.0.0.1:${port}`;
		const { child, log } = await this.spawnLogged('start', port, extraEnv);
		await waitForReady(url, child, log);
		return { url, log, pid: child.pid, stop: () => stopProcess(child) };
	}

	/** `n8n worker` (queue mode); resolves once it says it is ready. `url` is its log's path. */
	async worker(name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<N8nServer> {
		const { child, log } = await this.spawnLogged('worker', await freePort(), extraEnv, name);
		const deadline = Date.now() + 120_000;
		while (!readLog(log).includes('n8n worker is now ready')) {
			if (child.exitCode !== null || Date.now() > deadline)
				throw new Error(`n8n worker ${name} did not get ready; log:\n${tail(log)}`);
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
		return { url: log, log, stop: () => stopProcess(child) };
	}

	/** n8n <command> in the background at info level, its output in a log in the user folder. */
	private async spawnLogged(
		command: string,
		port: number,
		extraEnv: NodeJS.ProcessEnv,
		name = String(port),
	) {
		const log = join(this.userFolder, `n8n-${command}-${name}.log`);
		const out = createWriteStream(log);
		const child = startProcess(this.install.node, [this.install.bin, command], {
			env: this.env(port, await freePort(), { N8N_LOG_LEVEL: 'info', ...extraEnv }),
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout?.pipe(out);
		child.stderr?.pipe(out);
		return { child, log };
	}
}

async function waitForReady(url: string, child: ChildProcess, log: string): Promise<void> {
	const deadline = Date.now() + 120_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`n8n start exited with ${child.exitCode}; log:\n${tail(log)}`);
		}
		try {
			// 1.x answers readiness once its database is ready, before its REST routes are.
			const ready = await fetch(`${url}/healthz/readiness`);
			if (ready.ok && (await fetch(`${url}/rest/settings`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`n8n start was not ready within 120 s; log:\n${tail(log)}`);
}

/** A log's text so far; empty when it does not exist yet. */
export function readLog(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

export function tail(file: string, lines = 20): string {
	return readLog(file).trim().split('\n').slice(-lines).join('\n') || '(no log)';
}
