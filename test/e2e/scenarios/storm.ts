/**
 * The escalation storm (issue 14): 300 webhook executions at once, each one warm transfer, against
 * an account that accepts 5 requests a second. In regular mode on the suite's n8n (SQLite), and in
 * queue mode: a main process and two workers sharing one user folder, Redis and PostgreSQL. Counted
 * at the simulator: every number transferred exactly once, and in queue mode both workers did work.
 */
import { DEFAULT_ACCOUNT } from '../../../simulator';
import { startQueueCluster, startSharedServices } from '../../../tooling/n8n/cluster';
import {
	importCredential,
	importWorkflows,
	publishWorkflows,
} from '../../../tooling/n8n/importing';
import { N8nHome, type N8nInstall } from '../../../tooling/n8n/n8n';
import { installInto } from '../../../tooling/n8n/package';
import {
	describeStorm,
	describeStormTimeline,
	runStorm,
	type StormResult,
	type StormSimulator,
	warmUpStorm,
} from '../../../tooling/n8n/storm';
import { stormWorkflow } from '../../../tooling/workflows/storm';
import type { Report } from '../lib/report';

export const STORM = { count: 300, perSecond: 5 };
/** The bound on the time from the first POST to the last transfer, as a multiple of N ÷ limit. */
const TIME_BOUND = 1.25;

type Simulator = StormSimulator & { url: string };

/** The storm workflow with this node, under one ID in every home. */
export const stormWorkflowFor = (simulatorUrl: string) =>
	stormWorkflow('e2eStormNode0001', 'node', simulatorUrl);

export interface QueueHome {
	home: N8nHome;
	/** What puts main and workers into queue mode. */
	queue: NodeJS.ProcessEnv;
}

/** Redis, PostgreSQL, and a user folder with the package, the credential and the storm published. */
export async function prepareQueueStorm(
	install: N8nInstall,
	tarball: string,
	dir: string,
	simulator: Simulator,
): Promise<QueueHome> {
	const services = await startSharedServices();
	const home = new N8nHome(install, dir, services.database);
	await installInto(home.userFolder, tarball);
	await importCredential(home, simulator.url, DEFAULT_ACCOUNT);
	const workflow = stormWorkflowFor(simulator.url);
	await importWorkflows(home, [workflow]);
	await publishWorkflows(home, [workflow]);
	return { home, queue: services.queue };
}

function checkStorm(result: StormResult, report: Report): void {
	console.log(`  ${describeStorm(result)}`);
	console.log(`  ${describeStormTimeline(result)}`);
	report.equal(`all ${result.count} webhook POSTs accepted`, result.accepted, result.count);
	report.equal('no number transferred twice', result.duplicates, 0);
	report.equal('no escalation lost', result.lost, 0);
	// The time target is reported, not checked: it is a time on a shared machine (the benchmark
	// measures it). From the first request on, the time is the node's pace; before it, n8n's own
	// start of the executions (docs/benchmark.md).
	const least = result.count / result.perSecond;
	console.log(
		`  time: ${result.ratio.toFixed(2)} × N ÷ limit (target ≤ ${TIME_BOUND}, ${TIME_BOUND * least} s); ` +
			`from the first request ${((result.seconds - result.firstRequestSeconds) / least).toFixed(2)}`,
	);
}

/** Regular mode: a running n8n where the storm workflow was published before it started. */
export async function checkStormRegular(url: string, simulator: Simulator, report: Report) {
	await warmUpStorm(simulator, url, 'node');
	checkStorm(await runStorm(simulator, url, 'node', STORM), report);
}

export async function checkStormQueue(
	{ home, queue }: QueueHome,
	simulator: Simulator,
	report: Report,
) {
	const cluster = await startQueueCluster(home, queue, 2);
	try {
		await warmUpStorm(simulator, cluster.main.url, 'node');
		const warmUp = cluster.executionsPerWorker();
		checkStorm(await runStorm(simulator, cluster.main.url, 'node', STORM), report);
		const perWorker = cluster.executionsPerWorker().map((n, i) => n - warmUp[i]);
		console.log(`  executions per worker: ${perWorker.join(' / ')}`);
		report.check(
			'executions spread over both workers, one per POST',
			perWorker.length === 2 &&
				perWorker.every((n) => n > 0) &&
				perWorker[0] + perWorker[1] === STORM.count,
			`per worker: ${perWorker.join(' / ')}`,
		);
	} finally {
		await cluster.stop();
	}
}
