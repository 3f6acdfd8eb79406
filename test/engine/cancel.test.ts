/**
 * Cancelling an execution while an item waits, through n8n's engine (the execution's abort
 * signal, as the editor's Stop button): the error says the execution was cancelled, which item
 * waited, and whether Plivo may already have acted on it.
 */
import { DEMO, PLIVO_NODE, runPhlo, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();

/** The error the node ended with, as n8n stored it. */
function errorOf(run: Awaited<ReturnType<typeof runPlivo>>) {
	return (run.nodeError(PLIVO_NODE) ?? run.error) as
		{ message: string; description?: string } | undefined;
}

describe('cancelled while an item waits to be sent again', () => {
	it('after a 429: the item was not acted on, and the error says so', async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 30, match: { nth: 1 } });
		const run = await runPlivo(simulator(), [{ contact: 'a' }], runPhlo({ maxRetryWait: 60 }), {
			abortAfterMs: 3000,
		});
		expect(run.cancelled).toBe(true);
		const error = errorOf(run);
		expect(error?.message).toBe('The execution was cancelled while item 0 waited to be sent again');
		expect(error?.description).toMatch(/Plivo did not act on it/);
		expect(JSON.stringify(run.raw)).not.toContain('not an instance of Error');
		expect(simulator().requests).toHaveLength(1);
	});

	it('after a fault that may have been applied: the error says Plivo may have acted', async () => {
		// Hold is sent again after a 5xx; the first try may have been applied.
		simulator().addFault({ kind: 'status', status: 503, match: { nth: 1 } });
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 30, match: { nth: 2 } });
		const run = await runPlivo(
			simulator(),
			[{}],
			{
				resource: 'member',
				operation: 'hold',
				phloId: DEMO.phloId,
				nodeId: DEMO.nodeId,
				memberAddress: DEMO.customer,
				options: { maxRetryWait: 60 },
			},
			{ abortAfterMs: 3000 },
		);
		const error = errorOf(run);
		expect(error?.message).toBe('The execution was cancelled while item 0 waited to be sent again');
		expect(error?.description).toMatch(/may already have acted/);
		expect(simulator().requests).toHaveLength(2);
	});
});

describe('cancelled while an item waits for its turn', () => {
	it('the item was never sent', async () => {
		const run = await runPlivo(
			simulator(),
			[{ contact: 'a' }, { contact: 'b' }],
			runPhlo({ maxRequestsPerSecond: 0.1 }),
			{ abortAfterMs: 2000 },
		);
		const error = errorOf(run);
		expect(error?.message).toMatch(/^The execution was cancelled while item 1 waited for its turn/);
		expect(error?.description).toMatch(/not sent/);
		expect(simulator().requests).toHaveLength(1);
	});
});

describe('cancelled while a request is out', () => {
	it('a call-placing request: Plivo may have acted', async () => {
		simulator().addFault({ kind: 'delay', delayMs: 8000 });
		const run = await runPlivo(simulator(), [{ contact: 'a' }], runPhlo({ timeout: 20_000 }), {
			abortAfterMs: 2500,
		});
		const error = errorOf(run);
		expect(error?.message).toBe(
			"The execution was cancelled while item 0 waited for Plivo's answer",
		);
		expect(error?.description).toMatch(/may already have acted/);
	});
});
