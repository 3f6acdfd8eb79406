/**
 * Once per execution, through n8n's engine with Retry On Fail on: a call-placing request Plivo
 * answered, or whose outcome is unknown, is sent once however often n8n tries the node again;
 * refused requests and reads are sent again; equal items in one run, and a later run of the
 * node in the same execution, are new work. Also the error a stopped run ends with.
 */
import {
	callPath,
	DEFAULT_ACCOUNT,
	DEMO,
	PLIVO_NODE,
	runPlivo,
	seedCall,
	useSimulator,
	warmTransfer,
} from './setup';

const simulator = useSimulator();
const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 };
const TIMEOUT_MS = 400;

/** Call nodes of one PHLO, each with a call of its own on which DEMO.agent can transfer. */
const CALL_NODES = Array.from({ length: 5 }, (_, n) => `5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5e0${n}`);

beforeEach(() => {
	for (const nodeId of CALL_NODES) {
		seedCall(simulator(), nodeId);
	}
});

/** Plivo refuses every transfer on this call node with a 400. */
function refuse(nodeId: string) {
	simulator().addFault({
		kind: 'status',
		status: 400,
		body: { api_id: 'refused', error: 'trigger_source is not in the call' },
		match: { path: callPath(nodeId) },
		times: Infinity,
	});
}
/** Plivo acts on every transfer on this call node but answers after the node's Timeout. */
function answerLate(nodeId: string) {
	simulator().addFault({
		kind: 'delay',
		delayMs: TIMEOUT_MS * 3,
		match: { path: callPath(nodeId) },
		times: Infinity,
	});
}

/** Each item transfers on its own call node. */
const transferEach = warmTransfer({
	nodeId: '={{ $json.nodeId }}',
	options: { timeout: TIMEOUT_MS },
});
const transferOn = (nodeIds: string[]) => nodeIds.map((nodeId) => ({ nodeId }));

/** How many requests reached each path. */
function sentPerPath(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { path } of simulator().requests) counts[path] = (counts[path] ?? 0) + 1;
	return counts;
}

describe('Retry On Fail, no continue-on-fail', () => {
	it('sends each transfer once per execution: answered and unknown ones are not sent again, refused ones are', async () => {
		const [good0, refused, unknown, good3, good4] = CALL_NODES;
		refuse(refused);
		answerLate(unknown);
		const run = await runPlivo(
			simulator(),
			transferOn([good0, refused, unknown, good3, good4]),
			transferEach,
			{ settings: RETRY },
		);
		expect(run.nodeError(PLIVO_NODE)).toBeDefined();
		expect(sentPerPath()).toEqual({
			[callPath(good0)]: 1,
			[callPath(refused)]: 3,
			[callPath(unknown)]: 1,
			[callPath(good3)]: 1,
			[callPath(good4)]: 1,
		});
		expect(simulator().duplicates()).toEqual({});
	});

	it("stops with an error naming the item and Plivo's reason, what was done (api_ids), unknown and not sent", async () => {
		const [good0, refused, unknown, good3] = CALL_NODES;
		refuse(refused);
		answerLate(unknown);
		// Item 4 acts on the same participant as item 2, so it waits for item 2's answer; the run
		// stops on item 1 meanwhile, so item 4 is never sent.
		const items = transferOn([good0, refused, unknown, good3, unknown]);
		const run = await runPlivo(simulator(), items, transferEach);
		const error = run.nodeError(PLIVO_NODE)!;
		expect(error.message).toBe('Plivo: trigger_source is not in the call [item 1]');
		const description = (error as { description?: string }).description ?? '';
		expect(description).toMatch(/^Plivo refused the values sent\./);
		expect(description).toContain('The run stopped at item 1; no further request was started.');
		expect(description).toMatch(
			/Already done, Plivo answered: item 0 \(api_id [0-9a-f-]{36}\), item 3 \(api_id [0-9a-f-]{36}\)\./,
		);
		expect(description).toContain('Outcome unknown, Plivo may have acted: item 2.');
		expect(description).toContain('Not sent: item 4.');
		expect(sentPerPath()[callPath(unknown)]).toBe(1);
	});

	it('starts no new request once the run stops, not even a retry of a rate-limited item', async () => {
		const [throttled, refused] = CALL_NODES;
		simulator().addFault({
			kind: 'status',
			status: 429,
			retryAfter: 1,
			match: { path: callPath(throttled) },
		});
		refuse(refused);
		const run = await runPlivo(simulator(), transferOn([throttled, refused]), transferEach);
		const error = run.nodeError(PLIVO_NODE)!;
		expect(error.message).toBe('Plivo: trigger_source is not in the call [item 1]');
		expect((error as { description?: string }).description).toContain('Not sent: item 0.');
		expect(sentPerPath()).toEqual({ [callPath(throttled)]: 1, [callPath(refused)]: 1 });
	});

	it('sends two items with equal parameters in one run both, and each once', async () => {
		const unknownPhlo = '0f0e0d0c-0b0a-4908-8706-050403020100';
		const run = await runPlivo(
			simulator(),
			[{ phloId: DEMO.phloId }, { phloId: DEMO.phloId }, { phloId: unknownPhlo }],
			{
				resource: 'phlo',
				operation: 'run',
				phloId: '={{ $json.phloId }}',
				payloadType: 'none',
				// One at a time: item 1 starts after item 0's answer is remembered.
				options: { maxConcurrency: 1 },
			},
			{ settings: RETRY },
		);
		expect(run.nodeError(PLIVO_NODE)?.message).toMatch(/PHLO not found/);
		const runPath = (phloId: string) => `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${phloId}`;
		expect(sentPerPath()).toEqual({ [runPath(DEMO.phloId)]: 2, [runPath(unknownPhlo)]: 3 });
	});

	it('sends reads again on every try', async () => {
		const [good, missing] = CALL_NODES;
		simulator().addFault({
			kind: 'status',
			status: 404,
			match: { path: callPath(missing) },
			times: Infinity,
		});
		await runPlivo(
			simulator(),
			transferOn([good, missing]),
			{ ...transferEach, operation: 'get' },
			{ settings: RETRY },
		);
		expect(sentPerPath()).toEqual({ [callPath(good)]: 3, [callPath(missing)]: 3 });
	});
});

describe('Retry On Fail with continue-on-fail', () => {
	it('n8n tries again when the first item failed; the others are not sent again', async () => {
		const [refused, good, unknown] = CALL_NODES;
		refuse(refused);
		answerLate(unknown);
		const run = await runPlivo(simulator(), transferOn([refused, good, unknown]), transferEach, {
			settings: RETRY,
			continueOnFail: true,
		});
		expect(sentPerPath()).toEqual({
			[callPath(refused)]: 3,
			[callPath(good)]: 1,
			[callPath(unknown)]: 1,
		});
		expect(run.items.map((item) => item.json.success)).toEqual([false, true, false]);
		expect(run.items[2].json.description).toMatch(/^Outcome unknown/);
	});
});

describe('a later run of the node in the same execution', () => {
	it('is new work: sent again', async () => {
		const [refused, good] = CALL_NODES;
		refuse(refused);
		// Two connections from Items into the node: n8n runs it once for each (run index 0 and 1).
		// Continue-on-fail with a failed first item keeps the first run's memory alive.
		const run = await runPlivo(simulator(), transferOn([refused, good]), transferEach, {
			continueOnFail: true,
			rewire: ({ nodes, connections }) => ({
				nodes,
				connections: {
					Items: { main: [[...connections.Items.main[0]!, ...connections.Items.main[0]!]] },
				},
			}),
		});
		expect(run.runData[PLIVO_NODE]).toHaveLength(2);
		expect(sentPerPath()).toEqual({ [callPath(refused)]: 2, [callPath(good)]: 2 });
	});
});

describe('the identity of a call is the item, not the bytes its expressions build', () => {
	it('does not run the PHLO again when a payload field changes between tries', async () => {
		// Plivo acts on the first try but answers 500; the next try builds a new payload.
		simulator().addFault({ kind: 'status', status: 500, match: { method: 'POST' } });
		const run = await runPlivo(
			simulator(),
			[{ contact: 'a' }],
			{
				resource: 'phlo',
				operation: 'run',
				phloId: DEMO.phloId,
				payloadType: 'fields',
				payloadFields: {
					field: [{ key: 'at', value: '={{ $now.toISO() }} {{ Math.random() }}' }],
				},
			},
			{ settings: RETRY },
		);
		expect(simulator().requests.filter(({ method }) => method === 'POST')).toHaveLength(1);
		const error = run.nodeError(PLIVO_NODE) as { message: string; description?: string };
		expect(error.message).toBe('Plivo: internal server error');
		expect(error.description).toMatch(/^Outcome unknown/);
	});
});

describe('answers that leave open whether Plivo acted are not sent again', () => {
	const runOnce = { resource: 'phlo', operation: 'run', phloId: DEMO.phloId, payloadType: 'none' };
	const posts = () => simulator().requests.filter(({ method }) => method === 'POST');

	it('a 2xx with an error text: outcome unknown, sent once', async () => {
		simulator().addFault({
			kind: 'status',
			status: 200,
			body: { api_id: 'x', error: 'could not start the run' },
			process: true,
			times: Infinity,
		});
		const run = await runPlivo(simulator(), [{}], runOnce, { settings: RETRY });
		expect(posts()).toHaveLength(1);
		const error = run.nodeError(PLIVO_NODE) as { message: string; description?: string };
		expect(error.message).toBe('Plivo: could not start the run');
		expect(error.description).toMatch(/^Outcome unknown/);
	});

	it('a redirect: never followed, and not sent again', async () => {
		simulator().addFault({ kind: 'redirect', status: 307, times: Infinity });
		const run = await runPlivo(simulator(), [{}], runOnce, { settings: RETRY });
		expect(posts()).toHaveLength(1);
		expect(simulator().otherHostRequests()).toHaveLength(0);
		expect(run.nodeError(PLIVO_NODE)?.message).toMatch(/^Plivo answered 307, a redirect/);
	});
});

describe('a success output carries no error key', () => {
	it("so n8n's Retry On Fail with continue-on-fail does not read a success as a failure", async () => {
		// Plivo's answers carry "error": "" on success.
		simulator().addFault({
			kind: 'status',
			status: 200,
			body: { api_id: 'x', phlo_id: DEMO.phloId, name: 'Demo', error: '' },
			times: Infinity,
		});
		const run = await runPlivo(
			simulator(),
			[{}],
			{ resource: 'phlo', operation: 'get', phloId: DEMO.phloId },
			{ settings: RETRY, continueOnFail: true },
		);
		expect(simulator().requests).toHaveLength(1);
		expect(run.items[0].json).not.toHaveProperty('error');
	});
});
