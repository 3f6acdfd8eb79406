/**
 * The benchmark's escalation storms: N webhook POSTs at once, one warm transfer each, against an
 * account held to a rate limit, through this node and through n8n's HTTP Request node, in regular
 * mode (one n8n, SQLite) and in queue mode (main + 2 workers on Redis and PostgreSQL), under kinds of
 * limit the pace was not tuned for (sliding windows of 1 and 5 s, fixed wall-clock seconds, a token
 * bucket without Retry-After). Counted at the simulator: lost, duplicates, and the time from the
 * first POST to the last transfer over the least possible, N ÷ limit.
 */
import { join } from 'node:path';

import { DEFAULT_ACCOUNT } from '../simulator';
import { startQueueCluster, startSharedServices } from '../tooling/n8n/cluster';
import {
	importCredential,
	importCredentialOfType,
	importWorkflows,
	publishWorkflows,
} from '../tooling/n8n/importing';
import { N8nHome, type N8nInstall } from '../tooling/n8n/n8n';
import { installInto } from '../tooling/n8n/package';
import {
	describeStorm,
	runStorm,
	warmUpStorm,
	type StormLimit,
	type StormResult,
	type StormSimulator,
} from '../tooling/n8n/storm';
import { BASIC_CREDENTIAL, SENDER_NAMES, type Sender } from '../tooling/workflows/senders';
import { stormWorkflow } from '../tooling/workflows/storm';

const SENDERS: Sender[] = ['node', 'httpRequest'];
interface Storm {
	count: number;
	perSecond: number;
	limit?: StormLimit;
	/** Only this node: the HTTP Request node's losses are shown once, under the sliding 1 s window. */
	nodeOnly?: boolean;
}
/** 300 at 5 a second under each kind of limit. */
const KINDS: Storm[] = [
	{ count: 300, perSecond: 5 },
	{ count: 300, perSecond: 5, limit: { windowSeconds: 5 }, nodeOnly: true },
	{ count: 300, perSecond: 5, limit: { kind: 'fixed' }, nodeOnly: true },
	{ count: 300, perSecond: 5, limit: { kind: 'bucket', burst: 5 }, nodeOnly: true },
];
const REGULAR_STORMS: Storm[] = [...KINDS, { count: 1000, perSecond: 50 }];
const QUEUE_STORMS: Storm[] = KINDS;
/** BENCH_STORM_QUEUE=0 leaves queue mode out (it needs redis-server and PostgreSQL). */
const QUEUE = process.env.BENCH_STORM_QUEUE !== '0';
/** BENCH_STORM_ROUNDS=N runs this node's storms N times (the HTTP Request node's once), for the spread. */
const NODE_ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_STORM_ROUNDS)) || 1);

export interface StormRow extends StormResult {
	mode: string;
	perWorker?: number[];
}

/** The package and both senders' credentials in a user folder, pointed at the simulator. */
export async function senderHome(
	install: N8nInstall,
	folder: string,
	tarball: string,
	simulatorUrl: string,
	settings: NodeJS.ProcessEnv = {},
): Promise<N8nHome> {
	const home = new N8nHome(install, folder, settings);
	await installInto(home.userFolder, tarball);
	await importCredential(home, simulatorUrl, DEFAULT_ACCOUNT);
	await importCredentialOfType(home, BASIC_CREDENTIAL, 'httpBasicAuth', {
		user: DEFAULT_ACCOUNT.authId,
		password: DEFAULT_ACCOUNT.authToken,
	});
	return home;
}

/** Both storm workflows imported and published, so their webhooks are live at start. */
async function withStormWorkflows(home: N8nHome, simulatorUrl: string): Promise<N8nHome> {
	const workflows = SENDERS.map((sender) =>
		stormWorkflow(`benchStorm${sender === 'node' ? 'Node00' : 'Http00'}`, sender, simulatorUrl),
	);
	await importWorkflows(home, workflows);
	await publishWorkflows(home, workflows);
	return home;
}

export async function runStorms(
	install: N8nInstall,
	tarball: string,
	dir: string,
	simulator: StormSimulator & { url: string },
): Promise<StormRow[]> {
	const rows: StormRow[] = [];
	const storm = async (mode: string, url: string, sizes: Storm[], perWorker?: () => number[]) => {
		for (const size of sizes)
			for (const sender of size.nodeOnly ? SENDERS.slice(0, 1) : SENDERS)
				for (let round = 0; round < (sender === 'node' ? NODE_ROUNDS : 1); round++) {
					await warmUpStorm(simulator, url, sender);
					const before = perWorker?.() ?? [];
					const row: StormRow = { mode, ...(await runStorm(simulator, url, sender, size)) };
					if (perWorker) row.perWorker = perWorker().map((n, i) => n - before[i]);
					console.log(`  ${mode} | ${SENDER_NAMES[sender]}: ${describeStorm(row)}`);
					rows.push(row);
				}
	};

	const regular = await withStormWorkflows(
		await senderHome(install, join(dir, 'n8n-storm'), tarball, simulator.url),
		simulator.url,
	);
	const server = await regular.start();
	await storm('regular', server.url, REGULAR_STORMS);
	await server.stop();
	if (!QUEUE) return rows;

	const services = await startSharedServices();
	const queue = await withStormWorkflows(
		await senderHome(
			install,
			join(dir, 'n8n-storm-queue'),
			tarball,
			simulator.url,
			services.database,
		),
		simulator.url,
	);
	const cluster = await startQueueCluster(queue, services.queue, 2);
	await storm('queue, 2 workers', cluster.main.url, QUEUE_STORMS, cluster.executionsPerWorker);
	await cluster.stop();
	return rows;
}

export function printStormTable(rows: StormRow[]): void {
	const runs = NODE_ROUNDS === 1 ? 'one run each' : `this node ${NODE_ROUNDS} runs each`;
	console.log(`\nStorms: one webhook execution per POST, all POSTs at once, ${runs}\n`);
	console.log(
		'| Mode | Storm | Limit | Sender | Lost | Duplicates | Time / (N ÷ limit) | 429s | Per worker |',
	);
	console.log('| --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |');
	for (const r of rows)
		console.log(
			`| ${r.mode} | ${r.count} at ${r.perSecond}/s | ${r.limit} | ${SENDER_NAMES[r.sender]} | ${r.lost} | ${r.duplicates} | ${r.ratio.toFixed(2)} (${r.seconds.toFixed(1)} s) | ${r.refused} | ${r.perWorker?.join(' / ') ?? '–'} |`,
		);
	console.log(
		'  targets for this node: 0 lost, 0 duplicates; at 300 at 5/s, time / (N ÷ limit) ≤ 1.25',
	);
}
