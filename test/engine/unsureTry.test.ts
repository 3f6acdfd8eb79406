/**
 * An item whose earlier try may have been applied (a timeout, a 5xx) and whose next try then goes
 * nowhere (no turn, or a 429 past its budget): its error must say Plivo may already have acted,
 * never "not sent, safe to run again".
 */
import { DEMO, PLIVO_NODE, runPlivo, seedCall, useSimulator } from './setup';

const simulator = useSimulator();
const until = async (condition: () => boolean) => {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};
/** Hold the customer of the demo call: a toggle, retried after a timeout within its budget. */
const hold = (options: Record<string, number>) => ({
	resource: 'member',
	operation: 'hold',
	phloId: DEMO.phloId,
	nodeId: DEMO.nodeId,
	memberAddress: DEMO.customer,
	options: { timeout: 250, maxRetries: 3, maxRetryWait: 5, ...options },
});
const read = { resource: 'phlo', operation: 'get', phloId: DEMO.phloId, options: {} };

beforeEach(() => seedCall(simulator(), DEMO.nodeId));

describe('an earlier try that may have been applied', () => {
	it('then no turn (a pause past Max Retry Wait): not "safe to run again"', async () => {
		// The hold's first try times out (Plivo acted); while it waits to try again, another
		// execution's read meets Retry-After: 120, which the hold will not wait out.
		simulator().addFault({ kind: 'delay', delayMs: 400, match: { nth: 1 } });
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 120, match: { nth: 2 } });
		const held = runPlivo(simulator(), [{}], hold({}), { continueOnFail: true });
		await until(() => simulator().requests.length >= 1);
		await runPlivo(simulator(), [{}], read, { continueOnFail: true });
		const [item] = (await held).items;
		expect(item.json.error).toBe('Plivo rate limit: the request was not sent again');
		expect(String(item.json.description)).toContain('may already have acted');
		expect(String(item.json.description)).not.toContain('safe to run');
		// The hold acted on (answered after the node gave up), the read refused; nothing else sent.
		expect(simulator().requests.map((r) => r.processed)).toEqual([true, false]);
	});

	it('then 429s past the budget: not "safe to run again"', async () => {
		simulator().addFault({ kind: 'delay', delayMs: 400, match: { nth: 1 } });
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 120, match: { nth: 2 } });
		const run = await runPlivo(simulator(), [{}], hold({}), { continueOnFail: true });
		const [item] = run.items;
		expect(item.json.error).toBe('Plivo rate limit: the request was not processed');
		expect(String(item.json.description)).toContain('may already have acted');
		expect(String(item.json.description)).not.toContain('safe to run');
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
	});
});
