/**
 * One pace per Plivo account for every execution in the process: many executions started at once,
 * each with one item (as webhook escalations arrive), through n8n's engine against the simulator's
 * rate limiter. They wait for their turn instead of failing; a ceiling set in one holds the others;
 * a cancelled one gives up its place; a wait past Max Wait for a Turn fails, not sent.
 */
import { PLIVO_NODE, runPhlo, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();
const contacts = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => ({ contact: `${prefix}-${i}` }));
const contactOf = (rawBody: string) => (JSON.parse(rawBody) as { contact: string }).contact;
const until = async (condition: () => boolean) => {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('executions at once on one account', () => {
	it('60 single-item executions under 5 requests/s: every one acted on once, none lost', async () => {
		simulator().setRateLimit({ perSecond: 5 });
		// Max Retry Wait well under the ~12 s the last one waits in line: waiting is not a retry.
		const runs = await Promise.all(
			contacts('storm', 60).map((item) =>
				runPlivo(simulator(), [item], runPhlo({ maxRetryWait: 5 })),
			),
		);
		const failed = runs.filter((run) => run.nodeError(PLIVO_NODE) || run.error);
		expect(failed.map((run) => run.nodeError(PLIVO_NODE)?.message)).toEqual([]);
		const acted = simulator()
			.requests.filter((r) => r.processed)
			.map((r) => contactOf(r.rawBody));
		expect(acted.sort()).toEqual(
			contacts('storm', 60)
				.map((c) => c.contact)
				.sort(),
		);
		expect(simulator().duplicates()).toEqual({});
	});

	it("one execution's Max Requests per Second holds another that has none", async () => {
		simulator().setRateLimit({ perSecond: 6 });
		const paced = runPlivo(
			simulator(),
			contacts('paced', 16),
			runPhlo({ maxRequestsPerSecond: 4 }),
		);
		await until(() => simulator().requests.length >= 1);
		// Unpaced, these eight would go out at once, into the limit; paced, they queue behind the
		// first execution's requests in line and go out at 4/s, before that execution ends.
		const other = await runPlivo(simulator(), contacts('other', 8), runPhlo());
		expect((await paced).nodeError(PLIVO_NODE)).toBeUndefined();
		expect(other.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(simulator().requests.filter((r) => r.status === 429)).toHaveLength(0);
		expect(simulator().requests).toHaveLength(24);
	});

	it('a cancelled execution gives up its place in line at once, and the others go on', async () => {
		const long = runPlivo(simulator(), contacts('long', 12), runPhlo({ maxRequestsPerSecond: 2 }));
		await until(() => simulator().requests.length >= 1);
		// Its turn would come after the other's 12 at 2/s (about 6 s), past the 5 s the harness
		// gives a cancelled execution to stop: it must leave the line, not wait for its turn.
		const cancelled = await runPlivo(simulator(), contacts('cancelled', 1), runPhlo(), {
			abortAfterMs: 300,
		});
		expect(cancelled.cancelled).toBe(true);
		const run = await long;
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
		const sent = simulator().requests.map((r) => contactOf(r.rawBody));
		expect(sent).toEqual(contacts('long', 12).map((c) => c.contact));
	});

	it('an item still in line after Max Wait for a Turn fails without being sent, safe to run again', async () => {
		const run = await runPlivo(
			simulator(),
			contacts('slow', 5),
			runPhlo({ maxRequestsPerSecond: 1, maxTurnWait: 2.5, maxConcurrency: 5 }),
			{ continueOnFail: true },
		);
		expect(run.items.map((item) => item.json.success)).toEqual([true, true, true, false, false]);
		expect(String(run.items[4].json.description)).toContain('safe to run this item again');
		expect(simulator().requests.map((r) => contactOf(r.rawBody))).toEqual(
			contacts('slow', 3).map((c) => c.contact),
		);
	});
});

describe('no answer stops an account past the longest Max Retry Wait', () => {
	it('reads an epoch Retry-After as a point in time: one already past sends again at once, and locks nothing', async () => {
		// The 1764633600 (2025-12-02), once read as 56 years of seconds.
		simulator().addFault({
			kind: 'status',
			status: 429,
			retryAfter: 1764633600,
			match: { nth: 1 },
		});
		const first = await runPlivo(simulator(), contacts('epoch', 1), runPhlo({ maxRetryWait: 5 }));
		expect(first.nodeError(PLIVO_NODE)).toBeUndefined();
		const later = await runPlivo(simulator(), contacts('later', 1), runPhlo({ maxRetryWait: 5 }));
		expect(later.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(simulator().requests.map((r) => r.status)).toEqual([429, 201, 201]);
	});

	it('Retry-After: 3600 refuses later runs only for the longest Max Retry Wait, then one probe goes first', async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 3600, match: { nth: 1 } });
		const options = { maxRetryWait: 1, maxConcurrency: 3 };
		const met = await runPlivo(simulator(), contacts('met', 1), runPhlo(options));
		expect(met.nodeError(PLIVO_NODE)?.message).toContain('rate limit');
		// During the pause: refused at once, not sent.
		const refused = await runPlivo(simulator(), contacts('refused', 1), runPhlo(options));
		expect((refused.nodeError(PLIVO_NODE) as { description?: string }).description).toContain(
			'longer than Max Retry Wait',
		);
		expect(simulator().requests).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		simulator().setLatency(300);
		const after = await runPlivo(simulator(), contacts('after', 3), runPhlo(options));
		expect(after.nodeError(PLIVO_NODE)).toBeUndefined();
		const [, probe, ...rest] = simulator().requests;
		expect(contactOf(probe.rawBody)).toBe('after-0');
		// The others went only once the probe was answered (300 ms of latency later).
		for (const request of rest) expect(request.at - probe.at).toBeGreaterThanOrEqual(280);
	});
});
