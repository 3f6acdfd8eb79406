/**
 * The sleep the node waits with, as each n8n line's n8n-workflow exports it: a cancelled
 * execution stops a wait at once on 1.x and 2.0–2.33 (sleep(ms) + sleepWithAbort) as on 2.34+
 * (sleep(ms, signal)). The shapes are the published ones; test/e2e/scenarios/cancel.ts proves it
 * in each installed n8n.
 */
import type { IDataObject } from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';

import {
	abortableSleepOf,
	outputFailsTheTry,
	sleep,
	sleepWith,
	WaitCancelledError,
	type SleepExports,
} from '../../nodes/PlivoPhlo/n8nBehaviour';

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** n8n-workflow 1.x and 2.0–2.33: sleep ignores a signal; sleepWithAbort honours it. */
const beforeSignalSleep: SleepExports = {
	sleep: async (ms) => await timer(ms),
	sleepWithAbort: async (ms, signal) =>
		await new Promise<void>((resolve, reject) => {
			const timeout = setTimeout(resolve, ms);
			signal?.addEventListener('abort', () => {
				clearTimeout(timeout);
				reject(new Error('aborted'));
			});
		}),
};

/** How long a 10 s wait lasts when the signal fires after 50 ms, and how it ends. */
async function cancelledAfter50Ms(wait: (ms: number, signal?: AbortSignal) => Promise<void>) {
	const controller = new AbortController();
	const started = Date.now();
	setTimeout(() => controller.abort(), 50);
	const outcome = await wait(10_000, controller.signal).then(
		() => 'resolved',
		(error: unknown) => error,
	);
	return { ms: Date.now() - started, outcome };
}

describe('the sleep a cancel stops, on each n8n line', () => {
	it('1.x and 2.0–2.33: takes sleepWithAbort, since their sleep ignores a signal', async () => {
		expect(abortableSleepOf(beforeSignalSleep)).toBe(beforeSignalSleep.sleepWithAbort);
		const { ms, outcome } = await cancelledAfter50Ms(
			sleepWith(abortableSleepOf(beforeSignalSleep)),
		);
		expect(ms).toBeLessThan(1000);
		expect(outcome).toBeInstanceOf(WaitCancelledError);
		expect((outcome as Error).message).toBe('The execution was cancelled');
	});

	it("2.34+ (the suite's own n8n-workflow): sleep takes the signal, no sleepWithAbort", async () => {
		const exported = n8nWorkflow as unknown as SleepExports;
		expect(exported.sleepWithAbort).toBeUndefined();
		expect(abortableSleepOf(exported)).toBe(exported.sleep);
		const { ms, outcome } = await cancelledAfter50Ms(sleep);
		expect(ms).toBeLessThan(1000);
		expect(outcome).toBeInstanceOf(WaitCancelledError);
	});

	it('a signal that already fired ends the wait before it starts', async () => {
		const controller = new AbortController();
		controller.abort();
		const started = Date.now();
		await expect(sleep(10_000, controller.signal)).rejects.toBeInstanceOf(WaitCancelledError);
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('without a signal, or one that does not fire, it waits the time out', async () => {
		const started = Date.now();
		await sleep(30);
		await sleep(30, new AbortController().signal);
		expect(Date.now() - started).toBeGreaterThanOrEqual(55);
	});
});

describe('which outputs n8n may try again (Retry On Fail with continue-on-fail)', () => {
	const first = (json: IDataObject) => [{ json }, { json: { error: 'second' } }];

	it('an error in the first item, even an empty, null or false one (1.x retries on all)', () => {
		for (const error of ['Plivo answered 503', '', null, false, 0]) {
			expect(outputFailsTheTry(first({ error }))).toBe(true);
		}
	});

	it('not a first item without error, whatever the others hold, nor an empty output', () => {
		expect(outputFailsTheTry(first({ success: true }))).toBe(false);
		expect(outputFailsTheTry([])).toBe(false);
	});
});
