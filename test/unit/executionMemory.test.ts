/** Once per execution: what one node run remembers across n8n's Retry On Fail, and its bounds. */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_ENTRIES,
	RUN_TTL_MS,
	openRunMemory,
	rememberedCount,
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
const TRANSFER = 'POST /phlo/p/multi_party_call/n {"action":"warm_transfer","to":"+1"}';

beforeEach(() => {
	executions++;
	clock += RUN_TTL_MS * 10; // everything from earlier tests has expired
	openRunMemory(run(), now); // sweeps
});

/** Sends through memory with a counter standing in for Plivo. */
function sender(outcome: () => Promise<IDataObject>) {
	const sent = { count: 0 };
	const send = (memory: RunMemory, itemIndex: number, request: string | null = TRANSFER) =>
		sendOnce(memory, itemIndex, request ?? undefined, async () => {
			sent.count++;
			return await outcome();
		});
	return { sent, send };
}

describe('a retry of the same node run', () => {
	it('gets the earlier answer back instead of sending again', async () => {
		const { sent, send } = sender(async () => ({ api_id: `answer-${clock}` }));
		const first = await send(openRunMemory(run(), now), 0);
		clock++;
		const retry = await send(openRunMemory(run(), now), 0);
		expect(sent.count).toBe(1);
		expect(retry).toEqual(first);
	});

	it('gets the earlier "outcome unknown" error back instead of sending again', async () => {
		const unknown = markOutcomeUnknown(new Error('Plivo did not answer within 2 s'));
		const { sent, send } = sender(async () => {
			throw unknown;
		});
		await expect(send(openRunMemory(run(), now), 3)).rejects.toBe(unknown);
		await expect(send(openRunMemory(run(), now), 3)).rejects.toBe(unknown);
		expect(sent.count).toBe(1);
	});

	it('sends again what Plivo refused or never received', async () => {
		const { sent, send } = sender(async () => {
			throw new Error('Plivo: invalid trigger source');
		});
		await expect(send(openRunMemory(run(), now), 0)).rejects.toThrow('invalid');
		await expect(send(openRunMemory(run(), now), 0)).rejects.toThrow('invalid');
		expect(sent.count).toBe(2);
	});

	it('sends reads again', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'read' }));
		await send(openRunMemory(run(), now), 0, null);
		await send(openRunMemory(run(), now), 0, null);
		expect(sent.count).toBe(2);
	});

	it('sends a different request of the same item (its parameters changed)', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'x' }));
		await send(openRunMemory(run(), now), 0, TRANSFER);
		await send(openRunMemory(run(), now), 0, `${TRANSFER} other`);
		expect(sent.count).toBe(2);
	});
});

describe('what counts as new work', () => {
	it('sends two items with equal parameters in one run both', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'x' }));
		const memory = openRunMemory(run(), now);
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
		await send(openRunMemory(run(), now), 0);
		await send(openRunMemory(run(other), now), 0);
		expect(sent.count).toBe(2);
	});

	it('keeps nothing without an execution id', async () => {
		const { sent, send } = sender(async () => ({ api_id: 'x' }));
		await send(openRunMemory(undefined, now), 0);
		await send(openRunMemory(undefined, now), 0);
		expect(sent.count).toBe(2);
	});
});

describe('bounded memory', () => {
	const remember = (memory: RunMemory, itemIndex: number) =>
		memory.remember(itemIndex, TRANSFER, { kind: 'answered', answer: { api_id: 'x' } });

	it('drops a run when it ended without a retry to come', () => {
		const before = rememberedCount();
		const memory = openRunMemory(run(), now);
		remember(memory, 0);
		remember(memory, 1);
		expect(rememberedCount()).toBe(before + 2);
		memory.forget();
		expect(rememberedCount()).toBe(before);
		expect(openRunMemory(run(), now).recall(0, TRANSFER)).toBeUndefined();
	});

	it('drops a run nothing touched for the time to live, on the next access', () => {
		remember(openRunMemory(run(), now), 0);
		clock += RUN_TTL_MS - 1;
		expect(openRunMemory(run(), now).recall(0, TRANSFER)).toBeDefined(); // touched: lives on
		clock += RUN_TTL_MS + 1;
		openRunMemory(run({ executionId: 'someone else' }), now);
		expect(openRunMemory(run(), now).recall(0, TRANSFER)).toBeUndefined();
		expect(rememberedCount()).toBe(0);
	});

	it('drops the oldest runs past the cap, never the run being written', () => {
		const old = openRunMemory(run({ executionId: 'old' }), now);
		remember(old, 0);
		clock++;
		const big = openRunMemory(run({ executionId: 'big' }), now);
		for (let item = 0; item <= MAX_ENTRIES; item++) remember(big, item);
		expect(old.recall(0, TRANSFER)).toBeUndefined();
		expect(big.recall(MAX_ENTRIES, TRANSFER)).toBeDefined();
		expect(big.recall(0, TRANSFER)).toBeDefined();
		big.forget();
		expect(rememberedCount()).toBe(0);
	});
});
