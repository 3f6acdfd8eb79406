/**
 * The regular-mode storm on each n8n line in one run (`npx tsx bench/stormLines.ts`): 300 one-item
 * webhook executions at once through this node against an account held to 5 requests a second,
 * and beside it n8n's own intake, the same 300 POSTs to a Webhook → No Operation workflow. One n8n
 * per setup runs the whole time; the storms take turns, setup after setup, round after round, so a
 * busy moment of the machine falls on each. Per storm: the time over N ÷ limit, 429s, when n8n
 * answered the POSTs and the first request left, the n8n process's CPU seconds, the load average.
 *
 * BENCH_STORM_ROUNDS=N (default 2) rounds; BENCH_STORM_SETUPS picks setups from SETUPS below by
 * their index, comma-separated (default all); BENCH_STORM_AFTER=pid waits for that process (another
 * storm) to end before the first storm, so that two storms never share the machine.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

import { startSimulator } from '../simulator';
import { importWorkflows, publishWorkflows } from '../tooling/n8n/importing';
import { ensureN8n, type N8nServer } from '../tooling/n8n/n8n';
import { buildAndPack } from '../tooling/n8n/package';
import { scratchDir } from '../tooling/n8n/paths';
import { cleanUp, handleSignals, onCleanup } from '../tooling/n8n/processes';
import {
	describeStorm,
	describeStormTimeline,
	postAtOnce,
	runStorm,
	warmUpStorm,
} from '../tooling/n8n/storm';
import { CURRENT, LAST_1X, type N8nLine } from '../tooling/n8n/versions';
import type { Workflow } from '../tooling/workflows/builders';
import { stormWorkflow } from '../tooling/workflows/storm';
import { senderHome } from './storm';

const STORM = { count: 300, perSecond: 5 };
const ROUNDS = Math.max(1, Math.floor(Number(process.env.BENCH_STORM_ROUNDS)) || 2);
const NO_OP_PATH = 'storm-noop';
/** A limit no storm reaches. */
const NO_LIMIT = { count: STORM.count, perSecond: 100_000 };

interface Setup {
	name: string;
	line: N8nLine;
	/** Environment beyond the line's own. */
	env?: NodeJS.ProcessEnv;
}

const SETUPS: Setup[] = [
	{ name: `${CURRENT.version} (vm engine)`, line: CURRENT },
	{
		name: `${CURRENT.version} (legacy engine)`,
		line: CURRENT,
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
	// The suite's 1.x setting (LAST_1X.env).
	{ name: `${LAST_1X.version} (legacy engine)`, line: LAST_1X },
	// 1.x's default: the storm workflow reads only `$json`, which this engine resolves too.
	{
		name: `${LAST_1X.version} (vm engine)`,
		line: LAST_1X,
		env: { N8N_EXPRESSION_ENGINE: 'vm' },
	},
];

/** n8n's own intake: a Webhook that answers at once and a No Operation node. */
function noOpWorkflow(): Workflow {
	const id = 'benchStormNoOp01';
	return {
		id,
		name: 'Storm intake: No Operation',
		active: false,
		versionId: randomUUID(),
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Escalation Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: NO_OP_PATH, options: {} },
			},
			{
				id: `${id}-noop`,
				name: 'No Operation',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: {
			'Escalation Webhook': { main: [[{ node: 'No Operation', type: 'main', index: 0 }]] },
		},
	};
}

/**
 * Loaded into each n8n with --require: every second, how late its event loop ran (the mean and
 * the longest delay, ms) as a JSON line; a late loop gives the node's turns late.
 */
const LOOP_DELAY_PROBE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { appendFileSync } = require('node:fs');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
setInterval(() => {
	const line = { at: Date.now(), mean: histogram.mean / 1e6, max: histogram.max / 1e6 };
	appendFileSync(process.env.LOOP_DELAY_LOG, JSON.stringify(line) + '\\n');
	histogram.reset();
}, 1000).unref();
`;

/** The event loop's delay between two times, per 10 s: the mean and the longest, in ms. */
function loopDelays(log: string, from: number, to: number): string {
	const samples = readFileSync(log, 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as { at: number; mean: number; max: number })
		.filter((s) => s.at >= from && s.at <= to);
	const buckets: string[] = [];
	for (let start = from; start < to; start += 10_000) {
		const inside = samples.filter((s) => s.at >= start && s.at < start + 10_000);
		if (inside.length === 0) continue;
		const mean = inside.reduce((sum, s) => sum + s.mean, 0) / inside.length;
		buckets.push(`${mean.toFixed(0)}/${Math.max(...inside.map((s) => s.max)).toFixed(0)}`);
	}
	return buckets.join(' ');
}

/** User and system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number | undefined): number {
	if (!pid) return NaN;
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

const load = () =>
	loadavg()
		.map((l) => l.toFixed(1))
		.join(' ');

interface Row {
	setup: string;
	round: number;
	ratio: number;
	seconds: number;
	refused: number;
	lost: number;
	duplicates: number;
	intakeSeconds: number;
	firstRequestSeconds: number;
	cpu: number;
	noOpIntakeSeconds: number;
	noOpCpu: number;
	/** The HTTP Request node without a limit: its first and last request after the first POST. */
	floorFirst: number;
	floorLast: number;
	load: string;
}

async function main(): Promise<void> {
	handleSignals();
	const tmp = scratchDir('bench-storm-lines');
	onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
	const wanted = process.env.BENCH_STORM_SETUPS?.split(',').map((s) => s.trim());
	const setups = SETUPS.filter((_, i) => !wanted || wanted.includes(String(i)));
	const tarball = await buildAndPack(tmp);
	const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
	onCleanup(() => simulator.close());

	const probe = join(tmp, 'loop-delay-probe.cjs');
	writeFileSync(probe, LOOP_DELAY_PROBE);
	const servers = new Map<Setup, N8nServer & { loopLog: string }>();
	for (const [i, setup] of setups.entries()) {
		const install = await ensureN8n(setup.line);
		const home = await senderHome(
			install,
			join(tmp, `n8n-${i}`),
			tarball,
			simulator.url,
			setup.env,
		);
		const workflows = [
			stormWorkflow(`benchStormNode${i}0`, 'node', simulator.url),
			stormWorkflow(`benchStormHttp${i}0`, 'httpRequest', simulator.url),
			noOpWorkflow(),
		];
		await importWorkflows(home, workflows);
		await publishWorkflows(home, workflows);
		const loopLog = join(tmp, `loop-delay-${i}.jsonl`);
		const server = await home.start({
			NODE_OPTIONS: `--require ${probe}`,
			LOOP_DELAY_LOG: loopLog,
		});
		onCleanup(() => server.stop());
		servers.set(setup, { ...server, loopLog });
		console.log(`${setup.name}: started at ${server.url}`);
	}

	const after = Number(process.env.BENCH_STORM_AFTER);
	while (after && existsSync(`/proc/${after}`))
		await new Promise((resolve) => setTimeout(resolve, 2000));
	const rows: Row[] = [];
	for (let round = 1; round <= ROUNDS; round++)
		for (const setup of setups) {
			const server = servers.get(setup)!;
			await warmUpStorm(simulator, server.url, 'node');
			const before = { load: load(), cpu: cpuSeconds(server.pid), at: Date.now() };
			const result = await runStorm(simulator, server.url, 'node', STORM);
			const cpu = cpuSeconds(server.pid) - before.cpu;
			const delays = loopDelays(server.loopLog, before.at, before.at + result.seconds * 1000);
			await new Promise((resolve) => setTimeout(resolve, 5000));
			const noOpCpuBefore = cpuSeconds(server.pid);
			const noOp = await postAtOnce(server.url, NO_OP_PATH, STORM.count);
			// The No Operation executions end within a few seconds of their answers.
			await new Promise((resolve) => setTimeout(resolve, 5000));
			const noOpCpu = cpuSeconds(server.pid) - noOpCpuBefore;
			// n8n's own floor: the same executions through its HTTP Request node, with no limit.
			await warmUpStorm(simulator, server.url, 'httpRequest');
			const floor = await runStorm(simulator, server.url, 'httpRequest', NO_LIMIT);
			console.log(`round ${round} | ${setup.name} | load ${before.load}`);
			console.log(`  ${describeStorm(result)}`);
			console.log(`  ${describeStormTimeline(result)}; n8n CPU ${cpu.toFixed(1)} s`);
			console.log(`  n8n's event loop delay per 10 s, mean/longest ms: ${delays}`);
			console.log(
				`  HTTP Request node, no limit: first request ${floor.firstRequestSeconds.toFixed(1)} s, last ${floor.seconds.toFixed(1)} s after the first POST; POSTs answered in ${floor.intakeSeconds.toFixed(1)} s`,
			);
			console.log(
				`  Webhook → No Operation: ${noOp.accepted} of ${STORM.count} accepted, all answered in ${noOp.seconds.toFixed(1)} s; n8n CPU ${noOpCpu.toFixed(1)} s`,
			);
			rows.push({
				setup: setup.name,
				round,
				ratio: result.ratio,
				seconds: result.seconds,
				refused: result.refused,
				lost: result.lost,
				duplicates: result.duplicates,
				intakeSeconds: result.intakeSeconds,
				firstRequestSeconds: result.firstRequestSeconds,
				cpu,
				noOpIntakeSeconds: noOp.seconds,
				noOpCpu,
				floorFirst: floor.firstRequestSeconds,
				floorLast: floor.seconds,
				load: before.load,
			});
		}

	console.log(
		`\n${STORM.count} webhook executions at once, ${STORM.perSecond} requests/s (sliding 1 s window), regular mode, SQLite; ${ROUNDS} rounds\n`,
	);
	console.log(
		'| n8n | round | load (1, 5, 15 min) | time / (N ÷ limit) | from the first request | 429s | lost | duplicates | POSTs answered in | first request | n8n CPU | Webhook → No Operation: answered in | its CPU | HTTP Request node, no limit: first, last request |',
	);
	console.log(
		'| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	);
	for (const r of rows)
		console.log(
			`| ${r.setup} | ${r.round} | ${r.load} | ${r.ratio.toFixed(2)} (${r.seconds.toFixed(1)} s) | ${((r.seconds - r.firstRequestSeconds) / (STORM.count / STORM.perSecond)).toFixed(2)} | ${r.refused} | ${r.lost} | ${r.duplicates} | ${r.intakeSeconds.toFixed(1)} s | ${r.firstRequestSeconds.toFixed(1)} s | ${r.cpu.toFixed(1)} s | ${r.noOpIntakeSeconds.toFixed(1)} s | ${r.noOpCpu.toFixed(1)} s | ${r.floorFirst.toFixed(1)} s, ${r.floorLast.toFixed(1)} s |`,
		);
}

main()
	.catch((error) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(() => cleanUp());
