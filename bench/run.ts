/**
 * Benchmark (`npm run bench`): in one run of one real n8n (the cached current line of the e2e suite),
 * the same items through this node (default options) and through n8n's HTTP Request node sending
 * the same POST with basic auth, against the simulator over loopback HTTP. Prints, per scenario
 * and operation: the node's executionTime, items succeeded, requests the simulator acted on and
 * duplicates; plus the floor, the same requests from a bare keep-alive client at the node's default
 * concurrency, so the node's own overhead shows as a ratio. Not a test: it asserts nothing, and the
 * targets it reports are read as ratios within this one run.
 *
 * First the escalation storms (bench/storm.ts): webhook executions at once under a rate limit, in
 * regular and queue mode, this node against the HTTP Request node.
 *
 * BENCH_ITEMS (default 1000) and BENCH_SINGLE_RUNS (default 5) change the sizes; BENCH_STORM=0
 * leaves the storms out, BENCH_STORM=only runs nothing else; BENCH_STORM_ROUNDS=N repeats this
 * node's storms N times; BENCH_STORM_QUEUE=0 leaves queue mode out.
 */
import { Agent, request } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_ACCOUNT, DEMO, startSimulator } from '../simulator';
import { executeWorkflow } from '../tooling/n8n/execution';
import { importWorkflows } from '../tooling/n8n/importing';
import { ensureN8n } from '../tooling/n8n/n8n';
import { buildAndPack } from '../tooling/n8n/package';
import { scratchDir } from '../tooling/n8n/paths';
import { cleanUp, handleSignals, onCleanup } from '../tooling/n8n/processes';
import { CURRENT } from '../tooling/n8n/versions';
import { chain, type Workflow } from '../tooling/workflows/builders';
import {
	agentOf,
	callNodeId,
	destination,
	httpRequestPost,
	plivoNode,
	seedCalls,
	warmTransferBy,
	type Sender,
	type SenderNode,
} from '../tooling/workflows/senders';
import { printStormTable, runStorms, senderHome, type StormRow } from './storm';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const SINGLE_RUNS = Number(process.env.BENCH_SINGLE_RUNS ?? 5);
const LATENCY_MS = 50;
const LIMIT_PER_SECOND = 50;
/** The node's default Max Requests in Flight, used for the floor client too. */
const FLOOR_CONCURRENCY = 20;
/** BENCH_STORM=0 leaves the storms out; BENCH_STORM=only runs nothing else. */
const STORM = process.env.BENCH_STORM ?? '1';

type Operation = 'warmTransfer' | 'runPhlo';
type Contender = Sender;

/** The HTTP request each item makes, as the floor client sends it. */
function wireRequest(operation: Operation, i: number): { path: string; body: object } {
	return operation === 'warmTransfer'
		? {
				path: `/v1/phlo/${DEMO.phloId}/multi_party_call/${callNodeId(i)}`,
				body: {
					action: 'warm_transfer',
					to: destination(i),
					role: 'agent',
					trigger_source: agentOf(i),
				},
			}
		: {
				path: `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`,
				body: { to: destination(i) },
			};
}

/** The Items node's code: item i carries its call's node ID, its agent and its destination. */
const itemsCode = (count: number) => {
	const items = Array.from({ length: count }, (_, i) => ({
		json: { nodeId: callNodeId(i), agent: agentOf(i), to: destination(i) },
	}));
	return `return ${JSON.stringify(items)};`;
};

function contenderNode(
	operation: Operation,
	contender: Contender,
	simulatorUrl: string,
): SenderNode {
	if (operation === 'warmTransfer')
		return warmTransferBy(
			contender,
			{ nodeId: '$json.nodeId', to: '$json.to', triggerSource: '$json.agent' },
			simulatorUrl,
		);
	return contender === 'node'
		? plivoNode({
				resource: 'phlo',
				operation: 'run',
				phloId: DEMO.phloId,
				payloadType: 'fields',
				payloadFields: { field: [{ key: 'to', value: '={{ $json.to }}' }] },
			})
		: httpRequestPost(
				`=${simulatorUrl}/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`,
				'={{ JSON.stringify({ to: $json.to }) }}',
			);
}

const TARGET = 'Under Test';

/** Manual Trigger → Code (items) → the contender; continue-on-fail so every item is counted. */
function benchWorkflow(
	id: string,
	operation: Operation,
	contender: Contender,
	count: number,
	simulatorUrl: string,
): Workflow {
	return chain(id, `bench ${operation} ${contender} ${count}`, itemsCode(count), [
		{
			name: TARGET,
			onError: 'continueRegularOutput',
			...contenderNode(operation, contender, simulatorUrl),
		},
	]);
}

interface Row {
	scenario: string;
	operation: Operation;
	who: string;
	ms: number;
	succeeded: number;
	items: number;
	acted: number;
	duplicates: number;
}

async function main(): Promise<void> {
	handleSignals();
	const tmp = scratchDir('bench');
	onCleanup(() => rmSync(tmp, { recursive: true, force: true }));

	console.log(`n8n ${CURRENT.version}: installing or reusing the cached copy…`);
	const install = await ensureN8n(CURRENT);
	const tarball = await buildAndPack(tmp);
	const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
	onCleanup(() => simulator.close());
	const storms: StormRow[] = [];
	if (STORM !== '0') storms.push(...(await runStorms(install, tarball, tmp, simulator)));
	if (STORM === 'only') return printStormTable(storms);
	const home = await senderHome(install, join(tmp, 'n8n'), tarball, simulator.url);

	const workflows = new Map<string, Workflow>();
	const workflowFor = (operation: Operation, contender: Contender, count: number) => {
		const key = `${operation}-${contender}-${count}`;
		if (!workflows.has(key)) {
			const id = `bench${String(workflows.size).padStart(11, '0')}`;
			workflows.set(key, benchWorkflow(id, operation, contender, count, simulator.url));
		}
		return workflows.get(key)!;
	};
	for (const operation of ['warmTransfer', 'runPhlo'] as const)
		for (const contender of ['node', 'httpRequest'] as const)
			for (const count of [ITEMS, 1]) workflowFor(operation, contender, count);
	await importWorkflows(home, [...workflows.values()]);

	/** A fresh state: the demo PHLO with one call per item, latency and limit as asked. */
	const prepare = (count: number, limit: number | null) => {
		simulator.reset();
		seedCalls(simulator, count, agentOf);
		simulator.setLatency(LATENCY_MS);
		simulator.setRateLimit(limit ? { perSecond: limit } : null);
	};
	const outcome = () => ({
		acted: simulator.counts().processed,
		duplicates: Object.values(simulator.duplicates()).reduce((sum, n) => sum + n - 1, 0),
	});

	const rows: Row[] = [];
	const runN8n = async (
		scenario: string,
		operation: Operation,
		contender: Contender,
		count: number,
		limit: number | null,
	): Promise<Row> => {
		prepare(count, limit);
		const workflow = workflowFor(operation, contender, count);
		const execution = await executeWorkflow(home, workflow.id);
		const run = execution.runData[TARGET]?.[0] as
			{ executionTime?: number; data?: { main?: Array<Array<{ json: object }>> } } | undefined;
		if (!run?.executionTime)
			throw new Error(`no run for ${workflow.name}: ${execution.error?.message}`);
		const items = run.data?.main?.[0] ?? [];
		return {
			scenario,
			operation,
			who: contender === 'node' ? 'Plivo PHLO node' : 'HTTP Request node',
			ms: run.executionTime,
			items: count,
			// Plivo's own answers carry `"error": ""`; a failed item's error is a non-empty message.
			succeeded: items.filter((item) => !(item.json as { error?: unknown }).error).length,
			...outcome(),
		};
	};

	const agent = new Agent({ keepAlive: true, maxSockets: FLOOR_CONCURRENCY });
	const auth = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT.authId}:${DEFAULT_ACCOUNT.authToken}`).toString('base64')}`;
	const send = (operation: Operation, i: number) =>
		new Promise<boolean>((resolve) => {
			const { path, body } = wireRequest(operation, i);
			const payload = JSON.stringify(body);
			const req = request(
				`${simulator.url}${path}`,
				{
					method: 'POST',
					agent,
					headers: {
						authorization: auth,
						'content-type': 'application/json',
						'content-length': Buffer.byteLength(payload),
					},
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve((res.statusCode ?? 0) < 300));
				},
			);
			req.on('error', () => resolve(false));
			req.end(payload);
		});
	const runFloor = async (scenario: string, operation: Operation, count: number): Promise<Row> => {
		prepare(count, null);
		const started = process.hrtime.bigint();
		let next = 0;
		let succeeded = 0;
		await Promise.all(
			Array.from({ length: Math.min(FLOOR_CONCURRENCY, count) }, async () => {
				while (next < count) if (await send(operation, next++)) succeeded++;
			}),
		);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		return {
			scenario,
			operation,
			who: `floor: keep-alive client, ${FLOOR_CONCURRENCY} in flight`,
			ms: Math.round(ms),
			items: count,
			succeeded,
			...outcome(),
		};
	};
	const log = (row: Row) => {
		rows.push(row);
		console.log(
			`  ${row.scenario} | ${row.operation} | ${row.who}: ${row.ms} ms, ${row.succeeded}/${row.items} succeeded, ${row.acted} acted on, ${row.duplicates} duplicates`,
		);
	};

	const median = (values: number[]) =>
		[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
	for (const operation of ['warmTransfer', 'runPhlo'] as const) {
		const noLimit = `${ITEMS} items, ${LATENCY_MS} ms latency, no limit`;
		log(await runN8n(noLimit, operation, 'node', ITEMS, null));
		log(await runN8n(noLimit, operation, 'httpRequest', ITEMS, null));
		log(await runFloor(noLimit, operation, ITEMS));

		const limited = `${ITEMS} items, ${LIMIT_PER_SECOND} requests/s limit`;
		log(await runN8n(limited, operation, 'node', ITEMS, LIMIT_PER_SECOND));
		log(await runN8n(limited, operation, 'httpRequest', ITEMS, LIMIT_PER_SECOND));

		// One item: the median of several runs, alternating, so a noisy moment hits both.
		const single = `1 item, ${LATENCY_MS} ms latency (median of ${SINGLE_RUNS})`;
		const singles: Record<Contender, Row[]> = { node: [], httpRequest: [] };
		for (let run = 0; run < SINGLE_RUNS; run++)
			for (const contender of ['node', 'httpRequest'] as const)
				singles[contender].push(await runN8n(single, operation, contender, 1, null));
		for (const contender of ['node', 'httpRequest'] as const) {
			const runs = singles[contender];
			const ms = median(runs.map((row) => row.ms));
			log({ ...runs.find((row) => row.ms === ms)!, ms });
		}
		log(await runFloor(single, operation, 1));
	}

	printTable(rows, install.version);
	if (storms.length > 0) printStormTable(storms);
}

function printTable(rows: Row[], n8nVersion: string): void {
	const find = (scenario: string, operation: Operation, who: string) =>
		rows.find((r) => r.scenario === scenario && r.operation === operation && r.who.startsWith(who));
	console.log(
		`\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, n8n ${n8nVersion} on Node ${CURRENT.node}, simulator on loopback; one run.\n`,
	);
	console.log('| Scenario | Operation | Sender | Time | Succeeded | Acted on | Duplicates |');
	console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |');
	for (const row of rows) {
		console.log(
			`| ${row.scenario} | ${row.operation} | ${row.who} | ${(row.ms / 1000).toFixed(2)} s | ${row.succeeded} / ${row.items} | ${row.acted} | ${row.duplicates} |`,
		);
	}
	console.log('\nTargets (ratios within this run)');
	const scenarios = [...new Set(rows.map((r) => r.scenario))];
	for (const operation of ['warmTransfer', 'runPhlo'] as const) {
		const [noLimit, limited, single] = scenarios;
		const node = find(noLimit, operation, 'Plivo')!;
		const http = find(noLimit, operation, 'HTTP')!;
		const floor = find(noLimit, operation, 'floor')!;
		const nodeLimited = find(limited, operation, 'Plivo')!;
		const nodeSingle = find(single, operation, 'Plivo')!;
		const httpSingle = find(single, operation, 'HTTP')!;
		const budget = 1.25 * (ITEMS / LIMIT_PER_SECOND) * 1000;
		console.log(`  ${operation}:`);
		console.log(
			`    no limit: node / HTTP Request = ${(node.ms / http.ms).toFixed(2)} (target ≤ 1); node / floor = ${(node.ms / floor.ms).toFixed(2)}; overhead ${((node.ms - floor.ms) / ITEMS).toFixed(2)} ms per item`,
		);
		console.log(
			`    ${LIMIT_PER_SECOND}/s limit: ${ITEMS - nodeLimited.succeeded} lost, ${nodeLimited.duplicates} duplicates, time / (1.25 × ${ITEMS}/${LIMIT_PER_SECOND} s) = ${(nodeLimited.ms / budget).toFixed(2)} (target ≤ 1)`,
		);
		console.log(
			`    1 item: node / HTTP Request = ${(nodeSingle.ms / httpSingle.ms).toFixed(2)} (target ≤ 1)`,
		);
	}
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => cleanUp());
