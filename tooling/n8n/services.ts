/**
 * The services n8n's queue mode needs, from Debian's packages (`.ci/run` installs them when
 * missing): Redis and PostgreSQL, each on a free loopback port with throw-away state, stopped and
 * removed by the suite's clean-up (also on a failure or Ctrl-C).
 */
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './ports';
import { mustRun, onCleanup, runCommand, startProcess, stopProcess } from './processes';

export interface Service {
	port: number;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	database: string;
	user: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it says yes, failing with `what` after timeoutMs. */
async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await probe()) return;
		await sleep(200);
	}
	throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

const missing = (program: string, aptPackage: string) =>
	new Error(`${program} is not installed: apt-get install -y ${aptPackage} (bash .ci/run does)`);

/** redis-server from Debian's redis-server package: loopback only, nothing written to disk. */
export async function startRedis(): Promise<Service> {
	const found = await runCommand('sh', ['-c', 'command -v redis-server']);
	if (found.code !== 0) throw missing('redis-server', 'redis-server');
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
	const child = startProcess('redis-server', args, { stdio: 'ignore' });
	const stop = () => stopProcess(child);
	onCleanup(stop);
	await waitFor('redis-server', async () => {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
		const ping = await runCommand('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping']);
		return ping.stdout.includes('PONG');
	});
	return { port, stop };
}

/** The server programs of Debian's postgresql package: `pg_config --bindir`, else the newest. */
function postgresBinDir(): string {
	const versions = existsSync('/usr/lib/postgresql')
		? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
		: [];
	const dir = versions
		.map((version) => `/usr/lib/postgresql/${version}/bin`)
		.find((candidate) => existsSync(join(candidate, 'postgres')));
	if (!dir) throw missing('PostgreSQL', 'postgresql');
	return dir;
}

/**
 * PostgreSQL refuses to run as root, so initdb and the server run as the `postgres` user (the
 * package creates it) on a data folder in the system temp dir that it owns: trust auth, loopback.
 */
export async function startPostgres(database = 'n8n'): Promise<Postgres> {
	const bin = postgresBinDir();
	const dataDir = mkdtempSync(join(tmpdir(), 'n8n-e2e-postgres-'));
	onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
	const owner: { uid?: number; gid?: number } =
		process.getuid?.() === 0 ? await postgresUser() : {};
	if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dataDir, owner.uid, owner.gid);
	const options = { ...owner, cwd: dataDir };
	const init = ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'];
	await mustRun(join(bin, 'initdb'), init, { ...options, timeoutMs: 120_000 });
	const port = await freePort();
	const settings = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
	const child = startProcess(
		join(bin, 'postgres'),
		[
			...['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dataDir],
			...settings.flatMap((setting) => ['-c', setting]),
		],
		{ ...options, stdio: 'ignore' },
	);
	// SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to leave.
	const stop = () => stopProcess(child, 5000, 'SIGINT');
	onCleanup(stop);
	const client = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'];
	await waitFor('postgres', async () => {
		if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
		return (await runCommand(join(bin, 'pg_isready'), client)).code === 0;
	});
	await mustRun(join(bin, 'createdb'), [...client, database]);
	return { port, database, user: 'postgres', stop };
}

/** The uid and gid of the `postgres` user that Debian's package creates. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
	const [uid, gid] = await Promise.all(
		['-u', '-g'].map(async (flag) => Number((await mustRun('id', [flag, 'postgres'])).stdout)),
	);
	return { uid, gid };
}
