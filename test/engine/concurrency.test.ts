/**
 * Bulk runs through n8n's engine: requests go out concurrently within Max Requests in Flight,
 * results stay in input order, a rate limit is waited out without losing or repeating an item,
 * and Max Requests per Second spaces the requests.
 */
import { PLIVO_NODE, runPhlo, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();
const contacts = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ contact: `contact-${i}` }));
const contactOf = (rawBody: string) => (JSON.parse(rawBody) as { contact: string }).contact;

describe('bulk runs', () => {
	it('keep up to Max Requests in Flight open at once, and output in input order', async () => {
		simulator().setLatency(40);
		const run = await runPlivo(simulator(), contacts(40), runPhlo({ maxConcurrency: 8 }));
		expect(run.error).toBeUndefined();
		expect(simulator().peakInFlight).toBe(8);
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 40 }, (_, item) => ({ item })),
		);
		expect(run.items.map((item) => (item.json.payload as { contact: string }).contact)).toEqual(
			contacts(40).map((c) => c.contact),
		);
	});

	it('settle under a rate limit: every item once, none lost, none repeated', async () => {
		simulator().setRateLimit({ perSecond: 20 });
		const run = await runPlivo(simulator(), contacts(60), runPhlo());
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.success)).toEqual(new Array(60).fill(true));
		const sent = simulator().requests;
		const acted = sent.filter((r) => r.processed).map((r) => contactOf(r.rawBody));
		expect(acted.sort()).toEqual(
			contacts(60)
				.map((c) => c.contact)
				.sort(),
		);
		expect(simulator().duplicates()).toEqual({});
		expect(sent.some((r) => r.status === 429)).toBe(true);
	});

	it('space requests under Max Requests per Second, so a known limit is never hit', async () => {
		simulator().setRateLimit({ perSecond: 25 });
		const run = await runPlivo(simulator(), contacts(30), runPhlo({ maxRequestsPerSecond: 20 }));
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
		const sent = simulator().requests;
		expect(sent.filter((r) => r.status === 429)).toHaveLength(0);
		expect(sent).toHaveLength(30);
		// 30 requests at 20 per second: the last leaves about 29 × 50 ms after the first
		expect(sent[29].at - sent[0].at).toBeGreaterThanOrEqual(29 * 50 - 30);
	});
});
