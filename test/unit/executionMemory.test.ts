/** Once per execution: what one node run remembers across n8n's Retry On Fail, and its bounds. */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_BYTES,
	RUN_TTL_MS,
	STALE_TRY_MS,
	keptInMemory,
	openRunMemory,
	sendOnce,
	type RunMemory,
} from '../../nodes/PlivoPhlo/run/executionMemory';
import type { RunIdentity } from '../../nodes/PlivoPhlo/n8nBehaviour';
import { markOutcomeUnknown } from '../../nodes/PlivoPhlo/transport/outcome';

let clock = 0;
const now = () => clock;
let executions = 0;
/** A fresh execution per test, so module-level memory left by another test does not matter. */
const run = (overrides: Partial<RunIdentity> = {}): RunIdentity => ({
	executionId: `execution-${executions}`,
	nodeId: 'node-1',
	runIndex: 0,
	...overrides,
});
const TRIES = 3;
const open = (identity: RunIdentity | null = run(), maxTries = TRIES) =>
	openRunMemory(identity ?? undefined, maxTries, now);
const TRANSFER = 'multiPartyCall.warmTransfer';
const FORGOTTEN = new Error('Outcome unknown, not sent again');

beforeEach(() => {
	executions++;
	clock += STALE_TRY_MS * 2; // everything from earlier tests has expired
	open(null); // sweeps
});

/** Sends through memory with a counter standing in for Plivo. */
function sender(outcome: () => Promise<IDataObject>) {
	const sent = { count: 0 };
	const send = (memory: RunMemory, itemIndex: number, call: string | null = TRANSFER) =>
		sendOnce(
			memory,
			itemIndex,
			call ?? undefined,
			async () => {
				sent.count++;
				return await outcome();
			},
			() => FORGOTTEN,
		);
	return { sent, send };
}

/** One failed try after another, as n8n's Retry On Fail makes them. */
async function tries<T>(count: number, body: (memory: RunMemory) => Promise<T>): Promise<T[]> {
	const results: T[] = [];
	for (let index = 0; index < count; index++) {
		const memory = open();
		results.push(await body(memory).catch((error: T) => error));
		memory.endTry(true);
		clock++;
	}
	return results;
}

describe('a retry of the same node run', () => {
	it('gets the earlier answer back instead of sending again', async () => {
		const { sent, send } = sender(async () => ({ api_id: `answer-${clock}` }));
		const [first, retry] = await tries(2, async (memory) => await send(memory, 0));
		expect(sent.count).toBe(1);
		expect(retry).toEqual(first);
	});

	it('gets the earlier "outcome unknown" error back instead of sending again', async () => {
		const unknown = markOutcomeUnknown(new Error('Plivo did not answer within 2 s'));
		const { sent, send } = sender(async () => {
			throw unknown;
		});
		expect(await tries(2, async (memory) => await send(memory, 3))).toEqual([unknown, unknown]);
		expect(sent.count).toBe(1);
	});

	it('sends again what Plivo refused or never received', async () => {
		const { sent, send } = sender(async () => {
			throw new Error('Plivo: invalid trigger source');
		});
		await tries(2, async (memory) => await send(memory, 0));
		expect(sent.count).toBe(2);
	});

	it('sends reads again', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'read' }));
		await tries(2, async (memory) => await send(memory, 0, null));
		expect(sent.count).toBe(2);
	});
});

describe('what counts as new work', () => {
	it('sends two items with equal parameters in one run both', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'x' }));
		const memory = open();
		await send(memory, 0);
		await send(memory, 1);
		expect(sent.count).toBe(2);
	});

	it.each([
		['a later run of the node (a loop)', { runIndex: 1 }],
		['another node', { nodeId: 'node-2' }],
		['another execution', { executionId: 'another' }],
	])('sends again in %s', async (_name, other) => {
		const { sent, send } = sender(async () => ({ api_id: 'x' }));
		await send(open(run()), 0);
		await send(open(run(other)), 0);
		expect(sent.count).toBe(2);
	});

	it('keeps nothing without an execution id', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'x' }));
		await send(open(null), 0);
		await send(open(null), 0);
		expect(sent.count).toBe(2);
	});
});

describe('kept only while a try can ask for it', () => {
	const remember = (memory: RunMemory, itemIndex: number, answer: IDataObject = { api_id: 'x' }) =>
		memory.remember(itemIndex, TRANSFER, { kind: 'answered', answer });

	it('keeps nothing with Retry On Fail off', () => {
		const memory = open(run(), 1);
		remember(memory, 0);
		expect(keptInMemory()).toEqual({ runs: 0, bytes: 0 });
		expect(memory.recall(0, TRANSFER)).toBeUndefined();
	});

	it('drops a run when a try succeeds', () => {
		const memory = open();
		remember(memory, 0);
		expect(keptInMemory().runs).toBe(1);
		memory.endTry(false);
		expect(keptInMemory()).toEqual({ runs: 0, bytes: 0 });
	});

	it("drops a run after its last try, and keeps it before (n8n's Max Tries)", () => {
		for (let attempt = 1; attempt <= TRIES; attempt++) {
			const memory = open();
			if (attempt === 1) remember(memory, 0);
			expect(memory.recall(0, TRANSFER)).toBeDefined();
			memory.endTry(true);
		}
		expect(keptInMemory()).toEqual({ runs: 0, bytes: 0 });
	});

	it('never expires a try that is still running, however long it runs', () => {
		const memory = open();
		remember(memory, 0);
		clock += RUN_TTL_MS * 5; // items retrying 429s for most of an hour
		open(run({ executionId: 'someone else' })).endTry(false); // sweeps
		expect(memory.recall(0, TRANSFER)).toBeDefined();
		memory.endTry(true);
		clock += RUN_TTL_MS - 1; // expiry counts from the end of the last try
		open(run({ executionId: 'someone else' })).endTry(false);
		expect(open().recall(0, TRANSFER)).toBeDefined();
	});

	it('drops a run whose last try ended longer ago than the time to live', () => {
		const memory = open();
		remember(memory, 0);
		memory.endTry(true);
		clock += RUN_TTL_MS + 1;
		open(null);
		expect(keptInMemory()).toEqual({ runs: 0, bytes: 0 });
	});
});

describe('the byte bound', () => {
	const big = { api_id: 'x', text: 'a'.repeat(512 * 1024) }; // about 1 MB kept
	const answers = Math.ceil(MAX_BYTES / (1024 * 1024)) + 2;

	it('keeps what the answers weigh within MAX_BYTES, however many are kept', () => {
		const memory = open();
		for (let item = 0; item < answers; item++) {
			memory.remember(item, TRANSFER, { kind: 'answered', answer: big });
		}
		expect(keptInMemory().bytes).toBeLessThanOrEqual(MAX_BYTES);
		memory.endTry(true);
	});

	it('fails safe for an item whose answer it gave up: not sent again, outcome unknown', async () => {
		const { sent, send } = sender(async () => big);
		await tries(1, async (memory) => {
			for (let item = 0; item < answers; item++) await send(memory, item);
		});
		const retry = await tries(1, async (memory) => {
			const outcomes = [];
			for (let item = 0; item < answers; item++) {
				outcomes.push(await send(memory, item).catch((error: Error) => error));
			}
			return outcomes;
		});
		expect(sent.count).toBe(answers); // each once
		expect(retry[0]).toContain(FORGOTTEN);
	});

	it('20,002 items, the last refused: the next try sends none of the 20,001 answered again', async () => {
		const count = 20_002;
		// A Run PHLO answer as Plivo gives it (about 130 characters): all of them fit the bound.
		const answer = (item: number) => ({
			phlo_id: 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8',
			api_id: `d2a6c1e0-0000-4000-8000-${String(item).padStart(12, '0')}`,
			message: 'Phlo run triggered successfully.',
		});
		let refuse = true;
		const sent: number[] = [];
		const send = (memory: RunMemory, item: number) =>
			sendOnce(
				memory,
				item,
				'phlo.run',
				async () => {
					sent.push(item);
					if (item === count - 1 && refuse) throw new Error('Plivo: busy');
					return answer(item);
				},
				() => FORGOTTEN,
			);
		const first = open();
		for (let item = 0; item < count; item++) await send(first, item).catch(() => undefined);
		first.endTry(true);
		refuse = false;
		const retry = open();
		const answers = [];
		for (let item = 0; item < count; item++) answers.push(await send(retry, item));
		retry.endTry(false);
		expect(sent).toHaveLength(count + 1);
		expect(sent.at(-1)).toBe(count - 1); // only the refused one went again
		expect(answers[5]).toEqual(answer(5));
	});

	it("gives up the biggest run's answers first: a small run between tries keeps its own", async () => {
		const small = open(run({ executionId: 'small' }));
		small.remember(0, TRANSFER, { kind: 'answered', answer: { api_id: 'small' } });
		small.endTry(true); // waits between tries
		const bulk = open(run({ executionId: 'bulk' }));
		for (let item = 0; item < answers; item++) {
			bulk.remember(item, TRANSFER, { kind: 'answered', answer: big });
		}
		bulk.endTry(false);
		expect(open(run({ executionId: 'small' })).recall(0, TRANSFER)).toEqual({
			kind: 'answered',
			answer: { api_id: 'small' },
		});
	});
});
