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
