import { formatMs } from '../../nodes/PlivoPhlo/transport/errors';
import {
	afterRetry,
	decide,
	type Decision,
	type Outcome,
	type RepeatPolicy,
	type RetryState,
	type StopReason,
	type UnsureTry,
	LONGEST_RETRY_AFTER_MS,
	retryAfterMs,
} from '../../nodes/PlivoPhlo/transport/retryPolicy';

const BUDGET = { maxRetries: 3, maxRetryWaitMs: 10_000 };
const FRESH: RetryState = { retries: 0, waitedMs: 0 };
const NOW = Date.parse('2026-11-24T12:00:00Z');
/** Jitter pinned to the top of its range: the first back-off is 500 ms. */
const decideAt = (repeat: RepeatPolicy, outcome: Outcome, state = FRESH, budget = BUDGET) =>
	decide(repeat, outcome, state, budget, () => 1, NOW);

const answer = (status: number, retryAfter?: unknown): Outcome => ({
	kind: 'answer',
	status,
	retryAfter,
});
const fault = (kind: 'timeout' | 'refused' | 'reset' | 'network' | 'cancelled'): Outcome => ({
	kind: 'fault',
	fault: kind,
});
const retry = (waitMs: number, unsureTry?: UnsureTry): Decision => ({
	action: 'retry',
	waitMs,
	unsureTry,
});
const stop = (reason: StopReason, waitMs = 500): Decision => ({ action: 'stop', reason, waitMs });

describe('retry policy, case by case', () => {
	it.each<[string, RepeatPolicy, Outcome, Decision]>([
		// answers Plivo gave
		['2xx read: answered', 'read', answer(200), stop('answered')],
		['2xx once: answered', 'once', answer(200), stop('answered')],
		['4xx: answered (Plivo refused it)', 'sameState', answer(400), stop('answered')],
		['3xx: answered, never followed', 'once', answer(307), stop('answered')],
		['5xx read: retried', 'read', answer(503), retry(500, { status: 503 })],
		['5xx toggle: retried', 'sameState', answer(500), retry(500, { status: 500 })],
		['5xx call-placing: never re-sent', 'once', answer(502), stop('answered')],
		// 429: Plivo did not process it
		['429 call-placing: re-sent after Retry-After', 'once', answer(429, '2'), retry(2000)],
		['429 with an HTTP date', 'read', answer(429, 'Tue, 24 Nov 2026 12:00:03 GMT'), retry(3000)],
		['429 without Retry-After: back-off', 'once', answer(429), retry(500)],
		[
			'429 asking past the wait budget: stop',
			'read',
			answer(429, '11'),
			stop('rateLimited', 11_000),
		],
		// faults
		['refused call-placing: re-sent (never reached Plivo)', 'once', fault('refused'), retry(500)],
		['timeout call-placing: outcome unknown, stop', 'once', fault('timeout'), stop('fault')],
		['reset call-placing: stop', 'once', fault('reset'), stop('fault')],
		['network call-placing: stop', 'once', fault('network'), stop('fault')],
		['timeout read: retried', 'read', fault('timeout'), retry(500, { fault: 'timeout' })],
		['reset toggle: retried', 'sameState', fault('reset'), retry(500, { fault: 'reset' })],
		['cancelled: stop at once', 'read', fault('cancelled'), stop('cancelled', 0)],
	])('%s', (_name, repeat, outcome, expected) => {
		expect(decideAt(repeat, outcome)).toEqual(expected);
	});

	it('stops when Max Retries is used up', () => {
		const used = { retries: 3, waitedMs: 0 };
		expect(decideAt('read', answer(429, '1'), used)).toEqual(stop('rateLimited', 1000));
		expect(decideAt('read', answer(503), used)).toEqual(stop('answered', 4000));
		expect(decideAt('read', fault('timeout'), used)).toEqual(stop('fault', 4000));
		expect(decideAt('read', answer(429, '1'), { retries: 2, waitedMs: 0 }).action).toBe('retry');
	});

	it('stops when the next wait would pass Max Retry Wait', () => {
		const waited = { retries: 1, waitedMs: 9_500 };
		expect(decideAt('read', answer(429, '0.5'), waited)).toEqual(retry(500));
		expect(decideAt('read', answer(429, '0.6'), waited)).toEqual(stop('rateLimited', 600));
		expect(decideAt('read', answer(503), waited)).toEqual(stop('answered', 1000));
	});

	it('with no retries allowed, nothing is sent again', () => {
		const none = { maxRetries: 0, maxRetryWaitMs: 60_000 };
		expect(decideAt('once', fault('refused'), FRESH, none)).toEqual(stop('fault'));
		expect(decideAt('once', answer(429, '1'), FRESH, none)).toEqual(stop('rateLimited', 1000));
	});

	it('remembers the last try that may have been applied, across later retries', () => {
		let state = FRESH;
		for (const outcome of [fault('timeout'), fault('refused'), answer(429, '0')]) {
			const decision = decideAt('read', outcome, state);
			if (decision.action !== 'retry') throw new Error('expected a retry');
			state = afterRetry(state, decision);
		}
		expect(state).toEqual({ retries: 3, waitedMs: 1500, unsureTry: { fault: 'timeout' } });
	});
});

describe('Retry-After as a wait', () => {
	const DAY = LONGEST_RETRY_AFTER_MS;
	it('reads 1e9 and more as a point in time in epoch seconds, 1e12 and more in epoch ms', () => {
		const inTwoSeconds = NOW / 1000 + 2;
		expect(retryAfterMs(String(inTwoSeconds), NOW)).toBe(2000);
		expect(retryAfterMs(String(NOW + 3000), NOW)).toBe(3000);
		// An epoch value already past (the 1764633600, 2025-12-02) is no wait at all.
		expect(retryAfterMs('1764633600', NOW)).toBe(0);
		expect(retryAfterMs(String(NOW - 1), NOW)).toBe(0);
		expect(retryAfterMs('999999999', NOW)).toBe(DAY); // 31 years in seconds: capped
	});

	it('never reads a wait longer than a day, however it is written', () => {
		expect(retryAfterMs('9'.repeat(400), NOW)).toBe(DAY);
		expect(retryAfterMs('3600', NOW)).toBe(3_600_000);
		expect(retryAfterMs('86401', NOW)).toBe(DAY);
		expect(retryAfterMs(String(NOW / 1000 + 7 * 86_400), NOW)).toBe(DAY);
		expect(retryAfterMs('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toBe(DAY);
	});

	it('ignores what is not a wait: Infinity, NaN, negative numbers', () => {
		for (const text of ['Infinity', 'NaN', '-5', '1e400', ''])
			expect(retryAfterMs(text, NOW)).toBeUndefined();
	});

	it('a 429 asking for 400 digits of seconds stops with a wait of a day, not Infinity', () => {
		expect(decideAt('once', answer(429, '9'.repeat(400)))).toEqual(stop('rateLimited', DAY));
		expect(formatMs(DAY)).toBe('a day or more');
	});
});
