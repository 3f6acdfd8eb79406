/**
 * Plays one generated scenario: seeds the simulator's calls, scripts its answers by request
 * number, runs the items through n8n's engine, then probes the account once its longest Max
 * Retry Wait has passed. Returns everything the invariants look at.
 */
import type { IDataObject } from 'n8n-workflow';

import { listenToLogs } from '../../tooling/engine';
import type { Simulator } from '../../simulator';
import type { OtherHostRequest } from '../../simulator/otherHost';
import type { RequestRecord } from '../../simulator/record';
import { DEMO, forgetAccountPaces, runPlivo, seedCall, type PlivoRun } from '../engine/setup';
import { expandBigTexts, SECOND_CALL, type Scenario } from './scenario';

const CALLS = [
	{ nodeId: DEMO.nodeId, agent: DEMO.agent, customer: DEMO.customer },
	SECOND_CALL,
] as const;

/** The number item `index` brings in (Warm Transfer's `to`): how a request names its item. */
export const dialledFor = (index: number) => `+1415555040${index}`;

export interface Played {
	scenario: Scenario;
	run: PlivoRun;
	/** The run's requests at the simulator (the probe's excluded). */
	requests: RequestRecord[];
	otherHost: OtherHostRequest[];
	logs: string[];
	elapsedMs: number;
	/** The most the run may take: past it, it was cancelled. */
	boundMs: number;
	/** When the run's requests were looked at (50 ms after it ended), and which were still open. */
	observedAt: number;
	openAtEnd: number[];
	/** Whether the read sent after the longest Max Retry Wait reached the simulator. */
	probeSent: boolean;
}

/** The node's parameters for the scenario's operation; every item names itself in its request. */
function parametersOf(scenario: Scenario): IDataObject {
	const callOf = { nodeId: '={{ $json.nodeId }}', phloId: DEMO.phloId };
	const options = scenario.options;
	switch (scenario.operation) {
		case 'run':
			return {
				resource: 'phlo',
				operation: 'run',
				phloId: DEMO.phloId,
				payloadType: 'fields',
				payloadFields: {
					field: [
						{ key: 'item', value: '={{ $json.index }}' },
						{ key: 'at', value: '={{ $now.toISO() }}' },
						{ key: 'random', value: '={{ Math.random() }}' },
					],
				},
				options,
			};
		case 'warmTransfer':
			return {
				resource: 'multiPartyCall',
				operation: 'warmTransfer',
				...callOf,
				to: '={{ $json.to }}',
				role: 'agent',
				triggerSource: '={{ $json.agent }}',
				options,
			};
		case 'get':
			return { resource: 'phlo', operation: 'get', phloId: DEMO.phloId, options };
		default:
			return {
				resource: 'member',
				operation: scenario.operation,
				...callOf,
				memberAddress: '={{ $json.customer }}',
				options,
			};
	}
}

/** The longest the run may take: every request its Timeout, every item its waits, on every try. */
export function boundOf(scenario: Scenario): number {
	const { options, settings, items, answers } = scenario;
	// A long Timeout is only ever waited out by a slow answer, which stays short.
	const timeoutMs = Math.min(options.timeout, 550);
	const tries = settings.retryOnFail ? settings.maxTries : 1;
	const requests = tries * items.length + answers.length;
	const waitMs = Math.min(options.maxRetryWait, options.maxTurnWait) * 1000;
	const spacingMs = options.maxRequestsPerSecond ? 1000 / options.maxRequestsPerSecond : 0;
	return (
		requests * (timeoutMs + spacingMs + 20) +
		tries * items.length * waitMs * 2 +
		tries * settings.waitBetweenTries +
		3_000
	);
}

export async function playScenario(simulator: Simulator, scenario: Scenario): Promise<Played> {
	simulator.reset();
	forgetAccountPaces();
	for (const call of CALLS) seedCall(simulator, call.nodeId, call.agent, call.customer);
	scenario.answers.forEach((answer, n) => {
		if (!answer) return;
		const body = typeof answer.body === 'string' ? expandBigTexts(answer.body) : answer.body;
		simulator.addFault({ ...answer, body, match: { nth: n + 1 } });
	});
	const items = scenario.items.map(({ call }, index) => ({
		index,
		nodeId: CALLS[call].nodeId,
		agent: CALLS[call].agent,
		customer: CALLS[call].customer,
		to: dialledFor(index),
	}));
	const logs: string[] = [];
	const stopListening = listenToLogs((level, message, metadata) =>
		logs.push(`${level} ${message} ${JSON.stringify(metadata ?? {})}`),
	);
	const boundMs = boundOf(scenario);
	const startedAt = Date.now();
	let run: PlivoRun;
	try {
		run = await runPlivo(simulator, items, parametersOf(scenario), {
			settings: scenario.settings,
			continueOnFail: scenario.continueOnFail,
			abortAfterMs: boundMs,
		});
	} finally {
		stopListening();
	}
	const elapsedMs = Date.now() - startedAt;
	// Let connections the node gave up on close before reading when each request ended.
	await new Promise((resolve) => setTimeout(resolve, 50));
	const observedAt = Date.now();
	const requests = [...simulator.requests];
	const openAtEnd = requests.filter((request) => request.endedAt === undefined).map((r) => r.seq);
	const otherHost = [...simulator.otherHostRequests()];
	const probeSent = await probe(simulator, scenario, requests);
	return {
		scenario,
		run,
		requests,
		otherHost,
		logs,
		elapsedMs,
		boundMs,
		observedAt,
		openAtEnd,
		probeSent,
	};
}

/**
 * Once the longest Max Retry Wait has passed since the last 429, a read on the account goes out
 * (waiting at most a second for its turn): no answer keeps an account refused longer.
 */
async function probe(
	simulator: Simulator,
	scenario: Scenario,
	requests: RequestRecord[],
): Promise<boolean> {
	simulator.clearFaults();
	const throttled = requests.filter((request) => request.status === 429);
	const lastAt = Math.max(0, ...throttled.map((request) => request.endedAt ?? request.at));
	const waitMs = lastAt + scenario.options.maxRetryWait * 1000 + 50 - Date.now();
	if (throttled.length > 0 && waitMs > 0)
		await new Promise((resolve) => setTimeout(resolve, waitMs));
	const before = simulator.requests.length;
	await runPlivo(
		simulator,
		[{}],
		{
			resource: 'phlo',
			operation: 'get',
			phloId: DEMO.phloId,
			options: { maxTurnWait: 1, maxRetryWait: 0, timeout: 1000 },
		},
		{ continueOnFail: true, abortAfterMs: 5_000 },
	);
	return simulator.requests.length > before;
}
