/**
 * What the request record lets tests see: per-participant order and overlap (issue 13), how often
 * each number was dialled, and the rate limiter under a storm of concurrent requests (issue 14).
 */
import { DEMO, SimulatorAdmin } from '../../simulator';
import { useSimulator } from '../simulatorLifecycle';
import { CALL, send } from './client';

const simulator = useSimulator();

const AGENT = `${DEMO.phloId}/${DEMO.nodeId} source ${DEMO.agent.slice(1)}`;
const CUSTOMER = `${DEMO.phloId}/${DEMO.nodeId} member ${DEMO.customer.slice(1)}`;
const dial = (to: string, triggerSource: string = DEMO.agent) =>
	send(`${simulator().url}${CALL}`, 'POST', {
		action: 'call',
		to,
		role: 'agent',
		trigger_source: triggerSource,
	});
const act = (address: string, action: string) =>
	send(`${simulator().url}${CALL}/members/${address}`, 'POST', { action });
const numbers = (count: number, from = 0) =>
	Array.from({ length: count }, (_, n) => `+1415556${String(from + n).padStart(4, '0')}`);

describe('per participant', () => {
	it('sees requests for one trigger source overlap when sent at once, in the order they arrived', async () => {
		simulator().setLatency(150);
		const [first, second, third] = numbers(3);
		await Promise.all([dial(first), dial(second), dial(third)]);
		const { [AGENT]: agent } = simulator().participants();
		// All three at once unless the machine is too busy to open three connections in 150 ms.
		expect(agent.maxOverlap).toBeGreaterThan(1);
		expect(agent.order.map((entry) => entry.seq)).toEqual([1, 2, 3]);
		expect(agent.order.map((entry) => entry.to).sort()).toEqual([first, second, third]);
	});

	it('one at a time in item order: overlap 1, order as sent; `+` or not is one participant', async () => {
		simulator().setLatency(20);
		const [first, second] = numbers(2);
		await dial(first);
		await dial(second, DEMO.agent.slice(1));
		await act(DEMO.customer, 'hold');
		await act(DEMO.customer.slice(1), 'unhold');
		const participants = simulator().participants();
		expect(participants[AGENT]).toEqual({
			maxOverlap: 1,
			order: [
				{ seq: 1, status: 201, action: 'call', to: first },
				{ seq: 2, status: 201, action: 'call', to: second },
			],
		});
		expect(participants[CUSTOMER].order.map((entry) => entry.action)).toEqual(['hold', 'unhold']);
		expect(participants[CUSTOMER].maxOverlap).toBe(1);
		for (const record of simulator().requests)
			expect(record.endedAt).toBeGreaterThanOrEqual(record.at);
	});

	it('keeps different participants apart, and tells them over the admin API', async () => {
		simulator().setLatency(40);
		const [one, two] = numbers(2);
		await Promise.all([dial(one), dial(two, '+14155559999'), act(DEMO.customer, 'hold')]);
		await send(`${simulator().url}/v1/phlo/${DEMO.phloId}`, 'GET');
		const participants = await new SimulatorAdmin(simulator().url).participants();
		expect(Object.keys(participants).sort()).toEqual(
			[AGENT, CUSTOMER, `${DEMO.phloId}/${DEMO.nodeId} source 14155559999`].sort(),
		);
		expect(Object.values(participants).map((p) => p.maxOverlap)).toEqual([1, 1, 1]);
	});
});

describe('a storm against the rate limit', () => {
	it('300 concurrent transfers at 5/s set over admin: never more than 5 accepted in any second, 429 with Retry-After for the rest, each number counted', async () => {
		const admin = new SimulatorAdmin(simulator().url);
		await admin.setRateLimit({ perSecond: 5 });
		const storm = numbers(300, 1000);
		const replies = await Promise.all(storm.map((to) => dial(to)));

		const accepted = simulator()
			.requests.filter((r) => r.fault !== 'rateLimit')
			.map((r) => r.at);
		accepted.sort((a, b) => a - b);
		expect(accepted.length).toBeGreaterThanOrEqual(5);
		for (let n = 5; n < accepted.length; n++)
			expect(accepted[n] - accepted[n - 5]).toBeGreaterThanOrEqual(1000);
		const limited = replies.filter((reply) => reply.status === 429);
		expect(limited.length).toBe(300 - accepted.length);
		for (const reply of limited)
			expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);

		const counts = await admin.counts();
		expect(counts.rateLimited).toBe(limited.length);
		expect(Object.values(counts.byTo)).toEqual(Array(accepted.length).fill(1));
		const acceptedTo = storm.filter((_, n) => replies[n].status === 201);
		expect(Object.keys(counts.byTo).sort()).toEqual(acceptedTo.sort());
	});

	it('counts a number dialled twice as 2, and lifts the limit over admin', async () => {
		const admin = new SimulatorAdmin(simulator().url);
		await admin.setRateLimit({ perSecond: 1 });
		const [number] = numbers(1);
		expect((await dial(number)).status).toBe(201);
		expect((await dial(number)).status).toBe(429);
		await admin.setRateLimit(null);
		await act(number, 'hangup');
		expect((await dial(number)).status).toBe(201);
		expect((await admin.counts()).byTo).toEqual({ [number]: 2 });
	});
});
