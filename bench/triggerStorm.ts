/**
 * A storm through the Plivo PHLO Trigger beside the same storm through n8n's own Webhook node, in
 * one run of one real n8n (`npm run bench:trigger-storm`): 300 signed Multi-Party Call callbacks
 * at once from the simulator to each workflow (trigger or Webhook node → the same No Op), the
 * rounds alternating. Measured per storm: the time until every POST was answered, the time until
 * the executions of the events answered 200 had finished (n8n itself may refuse some under load),
 * and the CPU n8n spent (its process's user + system time).
 * Printed as ratios trigger ÷ Webhook node. Not a test: it asserts nothing.
 * BENCH_TRIGGER_STORM=N events a storm (300), BENCH_TRIGGER_STORM_ROUNDS=N rounds each (2).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_ACCOUNT, DEMO, startSimulator, type Delivery, type Simulator } from '../simulator';
import { importCredential, importWorkflows, publishWorkflows } from '../tooling/n8n/importing';
import { ensureN8n, N8nHome } from '../tooling/n8n/n8n';
import { buildAndPack, installInto } from '../tooling/n8n/package';
import { scratchDir } from '../tooling/n8n/paths';
import { cleanUp, handleSignals, onCleanup } from '../tooling/n8n/processes';
import { N8nRest } from '../tooling/n8n/rest';
import { CURRENT } from '../tooling/n8n/versions';
import { CREDENTIAL, type Workflow } from '../tooling/workflows/builders';

const STORM = Number(process.env.BENCH_TRIGGER_STORM ?? 300);
const ROUNDS = Number(process.env.BENCH_TRIGGER_STORM_ROUNDS ?? 2);
const WARM_UP = 20;

type Receiver = 'trigger' | 'webhook';

/** One workflow per receiver: its start node → the same No Op. */
function stormWorkflow(receiver: Receiver): Workflow & { path: string } {
	const id = `benchStorm${receiver === 'trigger' ? 'Trigger' : 'Webhook'}`;
	const webhookId = randomUUID();
	const start =
		receiver === 'trigger'
			? {
					name: 'Plivo PHLO Trigger',
					type: 'n8n-nodes-plivo-phlo.plivoPhloTrigger',
					typeVersion: 1,
					parameters: { authentication: 'plivoSignature', events: ['*'] },
					credentials: { plivoPhloApi: CREDENTIAL },
				}
			: {
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					parameters: { httpMethod: 'POST', path: 'storm-webhook', options: {} },
				};
	return {
		id,
		name: `Trigger storm: ${receiver}`,
		active: false,
		versionId: randomUUID(),
		settings: { executionOrder: 'v1' },
		path: receiver === 'trigger' ? `${webhookId}/plivo` : 'storm-webhook',
		nodes: [
			{ ...start, id: `${id}-start`, position: [0, 0], webhookId },
			{
				id: `${id}-noop`,
				name: 'Done',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [240, 0],
				parameters: {},
			},
		],
		connections: { [start.name]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
	};
}

/** The pid of the `n8n start` whose user folder is `userFolder` (read from /proc). */
function n8nPid(userFolder: string): number {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (environ.includes(`N8N_USER_FOLDER=${userFolder}`) && cmdline.includes('start'))
				return Number(entry);
		} catch {
			// gone, or not ours
		}
	}
	throw new Error(`no n8n process for ${userFolder}`);
}

/** User + system CPU seconds of a process so far (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function finished(rest: N8nRest, workflowId: string): Promise<number> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['success'] }));
	const page = await rest.request<{ count: number }>(
		'GET',
		`/rest/executions?filter=${filter}&limit=1`,
	);
	return page.count;
}

interface StormRow {
	receiver: Receiver;
	answeredS: number;
	executedS: number;
	cpuS: number;
	notOk: number;
	resent: number;
	executions: number;
}

/** count signed events at once to `url`; n8n's own 503s (it never ran the node) are resent. */
async function storm(simulator: Simulator, url: string, count: number) {
	const sent = await simulator.callbacks.fire({
		event: 'ParticipantJoin',
		to: url,
		count,
		timeoutMs: 180_000,
	});
	let resent = 0;
	for (let round = 0; round < 5; round++) {
		const refused = sent.filter((delivery: Delivery) => delivery.status === 503);
		if (refused.length === 0) break;
		resent += refused.length;
		await new Promise((resolve) => setTimeout(resolve, 2000));
		for (const delivery of refused)
			sent[sent.indexOf(delivery)] = await simulator.callbacks.deliveries.resend(delivery.seq);
	}
	const ok = sent.filter((delivery) => delivery.status === 200).length;
	return { ok, notOk: count - ok, resent };
}

async function measure(
	receiver: Receiver,
	simulator: Simulator,
	rest: N8nRest,
	pid: number,
	workflow: Workflow & { path: string },
	url: string,
): Promise<StormRow> {
	const before = await finished(rest, workflow.id);
	const cpuBefore = cpuSeconds(pid);
	const started = Date.now();
	const { ok, notOk, resent } = await storm(simulator, url, STORM);
	const answeredS = (Date.now() - started) / 1000;
	// Until every event answered 200 has finished its execution (n8n answers once it started
	// one); a count that stops growing for 10 s ends the wait, and the time is that of the last.
	let [done, grewAt] = [before, Date.now()];
	for (const deadline = Date.now() + 300_000; Date.now() < deadline;) {
		const now = await finished(rest, workflow.id);
		if (now !== done) [done, grewAt] = [now, Date.now()];
		if (done - before >= ok || Date.now() - grewAt > 10_000) break;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	const executedS = (grewAt - started) / 1000;
	const cpuS = cpuSeconds(pid) - cpuBefore;
	return { receiver, answeredS, executedS, cpuS, notOk, resent, executions: done - before };
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main() {
	handleSignals();
	const tmp = scratchDir('bench-trigger-storm');
	onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
	const install = await ensureN8n(CURRENT);
	const tarball = await buildAndPack(tmp);
	const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
	onCleanup(() => simulator.close());
	const home = new N8nHome(install, join(tmp, 'n8n'));
	await installInto(home.userFolder, tarball);
	await importCredential(home, simulator.url, DEFAULT_ACCOUNT);
	const workflows = { trigger: stormWorkflow('trigger'), webhook: stormWorkflow('webhook') };
	await importWorkflows(home, Object.values(workflows));
	await publishWorkflows(home, Object.values(workflows));
	const server = await home.start();
	onCleanup(server.stop);
	const rest = new N8nRest(server.url);
	await rest.setupOwner();
	const pid = n8nPid(home.userFolder);
	const urlOf = (receiver: Receiver) => `${server.url}/webhook/${workflows[receiver].path}`;
	simulator.reset();
	simulator.callbacks.setStatusCallback({
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		url: urlOf('trigger'),
	});

	const load = loadavg().map((value) => value.toFixed(1));
	console.log(
		`n8n ${install.version}, SQLite, regular mode; ${STORM} signed events a storm, ${ROUNDS} rounds each, alternating; load average ${load.join(' ')}`,
	);
	for (const receiver of ['trigger', 'webhook'] as const) {
		for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
			const probe = await fetch(urlOf(receiver), { method: 'POST' }).catch(() => undefined);
			if (probe && probe.status !== 404) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await storm(simulator, urlOf(receiver), WARM_UP); // not counted
	}
	const rows: StormRow[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		for (const receiver of ['trigger', 'webhook'] as const) {
			const row = await measure(
				receiver,
				simulator,
				rest,
				pid,
				workflows[receiver],
				urlOf(receiver),
			);
			rows.push(row);
			console.log(
				`  ${receiver.padEnd(7)} answered in ${row.answeredS.toFixed(2)} s, ${row.executions} executions finished in ${row.executedS.toFixed(2)} s, n8n CPU ${row.cpuS.toFixed(2)} s; not 200: ${row.notOk}; n8n's own 503s resent: ${row.resent}`,
			);
		}
	}
	const of = (receiver: Receiver, key: 'answeredS' | 'executedS' | 'cpuS') =>
		median(rows.filter((row) => row.receiver === receiver).map((row) => row[key]));
	const ratio = (key: 'answeredS' | 'executedS' | 'cpuS') =>
		(of('trigger', key) / of('webhook', key)).toFixed(2);
	console.log(
		`ratios trigger ÷ Webhook node (medians): all answered ${ratio('answeredS')}, executions finished ${ratio('executedS')}, n8n CPU ${ratio('cpuS')}`,
	);
	// When n8n itself refused part of a storm the two did different work: per execution compares.
	const perExecution = (receiver: Receiver) =>
		rows
			.filter((row) => row.receiver === receiver)
			.reduce((sum, row) => [sum[0] + row.cpuS, sum[1] + row.executions], [0, 0]);
	const [triggerCpu, triggerRuns] = perExecution('trigger');
	const [webhookCpu, webhookRuns] = perExecution('webhook');
	console.log(
		`n8n CPU per finished execution: trigger ${((1000 * triggerCpu) / triggerRuns).toFixed(0)} ms, Webhook node ${((1000 * webhookCpu) / webhookRuns).toFixed(0)} ms, ratio ${(triggerCpu / triggerRuns / (webhookCpu / webhookRuns)).toFixed(2)}`,
	);
	console.log(
		`load average after: ${loadavg()
			.map((value) => value.toFixed(1))
			.join(' ')}`,
	);
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => cleanUp());
