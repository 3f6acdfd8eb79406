/**
 * The simulator's kinds of rate limit, so the node's pace is measured against limiters it was not
 * tuned for: sliding windows of 1 and N seconds, fixed wall-clock seconds, a token bucket whose
 * 429s carry no Retry-After; per account, set in process or over admin.
 */
import { RateLimiter, rateLimitFromJson } from '../../simulator/rateLimiter';
import { SimulatorAdmin, startSimulator } from '../../simulator';
import { CALL, send } from './client';

const A = 'MA0000000000000000A1';
const B = 'MA0000000000000000B2';
const T0 = 1_800_000_000_000; // on a whole second

/** Checks one request at each of `times` (ms after T0): true accepted, else the Retry-After. */
function run(limiter: RateLimiter, times: number[], authId = A) {
	return times.map((t) => {
		const answer = limiter.check(authId, T0 + t);
		if (!answer) return true;
		expect(answer.status).toBe(429);
		return answer.headers?.['Retry-After'] ?? 'none';
	});
}

describe('kinds of limit', () => {
	it('sliding 1 s: at most N in any second, Retry-After until the oldest ages out', () => {
		const limiter = new RateLimiter();
		limiter.set({ perSecond: 2 });
		expect(run(limiter, [0, 100, 200, 999, 1000, 1100, 1101])).toEqual([
			true,
			true,
			'1',
			'1',
			true,
			true,
			'1',
		]);
	});

	it('sliding N s: 25 in any 5 s may come at once, the 26th waits for the first to age out', () => {
		const limiter = new RateLimiter();
		limiter.set({ perSecond: 5, windowSeconds: 5 });
		const burst = run(limiter, Array<number>(26).fill(0));
		expect(burst.filter((r) => r === true)).toHaveLength(25);
		expect(burst[25]).toBe('5');
		expect(run(limiter, [4999, 5000])).toEqual(['1', true]);
	});

	it('fixed wall-clock second: the count starts over on the second, so 2N can pass in 2 ms', () => {
		const limiter = new RateLimiter();
		limiter.set({ perSecond: 2, kind: 'fixed' });
		expect(run(limiter, [997, 998, 999, 1000, 1001, 1002])).toEqual([
			true,
			true,
			'1',
			true,
			true,
			'1',
		]);
	});

	it('token bucket: a burst, then the refill rate, and 429s without Retry-After', () => {
		const limiter = new RateLimiter();
		limiter.set({ perSecond: 4, kind: 'bucket', burst: 2 });
		expect(run(limiter, [0, 0, 0, 250, 260, 500, 750])).toEqual([
			true,
			true,
			'none',
			true,
			'none',
			true,
			true,
		]);
	});

	it('retryAfter replaces the header for any kind', () => {
		const limiter = new RateLimiter();
		limiter.set({ perSecond: 1, kind: 'bucket', retryAfter: 3 });
		expect(run(limiter, [0, 1])).toEqual([true, '3']);
	});

	it('counts each account on its own; a limit with an Auth ID holds that account only', () => {
		const limiter = new RateLimiter();
		limiter.set({ perSecond: 1 });
		limiter.set({ perSecond: 3, authId: B });
		expect(run(limiter, [0, 1, 2], A)).toEqual([true, '1', '1']);
		expect(run(limiter, [0, 1, 2, 3], B)).toEqual([true, true, true, '1']);
		limiter.set(null);
		expect(run(limiter, [0, 1, 2, 3], B)).toEqual([true, true, true, true]);
	});

	it('reads an admin body, and refuses an unknown kind', () => {
		expect(rateLimitFromJson({ perSecond: 5, kind: 'bucket', burst: 1, authId: A })).toEqual({
			perSecond: 5,
			kind: 'bucket',
			burst: 1,
			authId: A,
		});
		expect(rateLimitFromJson({})).toBeNull();
		expect(() => rateLimitFromJson({ perSecond: 5, kind: 'leaky' })).toThrow('kind must be one of');
	});
});

describe('over admin', () => {
	it('PUT /__sim/rate-limit sets a token bucket whose 429s carry no Retry-After', async () => {
		const simulator = await startSimulator();
		try {
			await new SimulatorAdmin(simulator.url).setRateLimit({ perSecond: 1, kind: 'bucket' });
			const get = () => send(`${simulator.url}${CALL}`, 'GET');
			const [first, second] = [await get(), await get()];
			expect(first.status).toBe(200);
			expect(second.status).toBe(429);
			expect(second.headers['retry-after']).toBeUndefined();
		} finally {
			await simulator.close();
		}
	});
});
