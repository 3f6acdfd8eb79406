/**
 * Child processes and clean-up. Every child gets its own process group so that stopping it also
 * stops what it started (n8n's task runner); whatever is still running, and every registered
 * clean-up, is dealt with on exit, Ctrl-C or a crash.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

const running = new Set<ChildProcess>();
const cleanups: Array<() => void | Promise<void>> = [];

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** Starts a long-running child in its own process group; output goes where opts.stdio says. */
export function startProcess(command: string, args: string[], options: SpawnOptions): ChildProcess {
	const child = spawn(command, args, { ...options, detached: true });
	running.add(child);
	child.on('exit', () => running.delete(child));
	return child;
}

/** Runs a command to the end, collecting its output. Fails only on a timeout. */
export function runCommand(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<CommandResult> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const child = startProcess(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
		const timer = setTimeout(() => {
			stopProcess(child);
			reject(new Error(`${command} ${args.join(' ')} did not finish in ${options.timeoutMs} ms`));
		}, options.timeoutMs ?? 300_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({
				code,
				stdout: Buffer.concat(out).toString(),
				stderr: Buffer.concat(err).toString(),
				ms: Date.now() - started,
			});
		});
	});
}

/** Like runCommand, but a non-zero exit is an error that carries the command's output. */
export async function mustRun(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<CommandResult> {
	const result = await runCommand(command, args, options);
	if (result.code !== 0) {
		const tail = (result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n');
		throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${tail}`);
	}
	return result;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// the group is already gone
	}
}

/** Stops a child and its group: `signal`, then SIGKILL if it is still there after graceMs. */
export async function stopProcess(
	child: ChildProcess,
	graceMs = 5000,
	signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	signalGroup(child, signal);
	const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	// The runner processes of n8n may outlive their parent for a moment.
	try {
		if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
	} catch {
		// nothing left
	}
}

/** Registers a clean-up step; they run last-registered first. */
export function onCleanup(step: () => void | Promise<void>): void {
	cleanups.push(step);
}

let cleaning: Promise<void> | undefined;

/** Stops every child and runs every clean-up step, once. */
export function cleanUp(): Promise<void> {
	cleaning ??= (async () => {
		await Promise.all([...running].map((child) => stopProcess(child, 3000)));
		for (const step of cleanups.reverse()) {
			try {
				await step();
			} catch (error) {
				console.error(`clean-up step failed: ${(error as Error).message}`);
			}
		}
	})();
	return cleaning;
}

/** Ctrl-C or a kill: clean up, then exit with the usual code; a hard exit still kills children. */
export function handleSignals(): void {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			console.error(`\n${signal}: stopping`);
			void cleanUp().finally(() => process.exit(128 + (signal === 'SIGINT' ? 2 : 15)));
		});
	}
	process.on('exit', () => {
		for (const child of running) signalGroup(child, 'SIGKILL');
	});
}
