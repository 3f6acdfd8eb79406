/** One pace per Plivo account, shared by every run in the process: turns, pauses, learned rate, line. */
import {
	accountPace,
	AccountPace,
	forgetAccountPaces,
	knownAccounts,
	NoTurnError,
	type TurnLimits,
} from '../../nodes/PlivoPhlo/pace/accountPace';

const ROOT = 'https://phlorunner.plivo.com/v1';
/** Max Retry Wait of a run using the account. */
const MINUTE = 60_000;
const patient: TurnLimits = { maxWaitMs: 300_000, maxPauseMs: 60_000 };

/** Takes `count` turns at once and records when each was given (ms after the start) or why not. */
function takeTurns(account: AccountPace, count: number, limits: Partial<TurnLimits> = {}) {
	const t0 = Date.now();
	const outcomes: (number | string)[] = new Array(count);
	const settled = Array.from({ length: count }, (_, i) =>
		account.takeTurn({ ...patient, ...limits }).then(
			() => (outcomes[i] = Date.now() - t0),
			(error: NoTurnError) => (outcomes[i] = error.reason),
		),
	);
	return { outcomes, all: Promise.all(settled) };
}
const answer = (account: AccountPace, times: number) => {
	for (let i = 0; i < times; i++) account.onAnswered();
};

beforeEach(() => {
	jest.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') });
	forgetAccountPaces();
});
afterEach(() => jest.useRealTimers());

describe('one pace per account', () => {
	it('is the same for every run of one Auth ID at one API root, and separate otherwise', () => {
		const a = accountPace('MA0123456789ABCDEF01', ROOT);
		expect(accountPace('MA0123456789ABCDEF01', ROOT)).toBe(a);
		expect(accountPace('MA0123456789ABCDEF02', ROOT)).not.toBe(a);
		expect(accountPace('MA0123456789ABCDEF01', 'http://127.0.0.1:8700/v1')).not.toBe(a);
	});

	it('a 429 seen by one run pauses the turns of another run on the same account', async () => {
		const first = accountPace('MA0123456789ABCDEF01', ROOT);
		const second = accountPace('MA0123456789ABCDEF01', ROOT);
		first.join(0, MINUTE);
		first.onThrottled(2000);
		const { outcomes, all } = takeTurns(second, 1);
		await jest.advanceTimersByTimeAsync(1999);
		expect(outcomes[0]).toBeUndefined();
		await jest.advanceTimersByTimeAsync(1);
		await all;
		expect(outcomes).toEqual([2000]);
	});

	it('a pace learned from a 429 in one run spaces the turns of every run', async () => {
		const account = accountPace('MA0123456789ABCDEF01', ROOT);
		answer(account, 10); // 10 answers in the first second…
		account.onThrottled(0); // …then a 429: 10 turns in every 1050 ms
		expect(account.pace).toBeCloseTo(10000 / 1050, 5);
		const runA = takeTurns(account, 2);
		const runB = takeTurns(accountPace('MA0123456789ABCDEF01', ROOT), 2);
		await jest.advanceTimersByTimeAsync(1000);
		await Promise.all([runA.all, runB.all]);
		const given = ([...runA.outcomes, ...runB.outcomes] as number[]).sort((x, y) => x - y);
		const gaps = given.slice(1).map((at, i) => at - given[i]);
		for (const gap of gaps) expect(Math.abs(gap - 105)).toBeLessThanOrEqual(1.5);
	});

	it("one run's Max Requests per Second spaces every run's turns, until that run ends", async () => {
		const account = new AccountPace();
		const leave = account.join(10, MINUTE);
		account.join(0, MINUTE); // another run without a ceiling
		const { outcomes, all } = takeTurns(account, 4);
		await jest.advanceTimersByTimeAsync(1000);
		await all;
		expect(outcomes).toEqual([0, 100, 200, 300]);
		leave();
		expect(account.pace).toBe(0);
	});

	it('the lowest ceiling of the runs using the account wins', () => {
		const account = new AccountPace();
		account.join(10, MINUTE);
		account.join(4, MINUTE);
		account.join(0, MINUTE);
		expect(account.pace).toBe(4);
	});

	it('keeps the pace when the event loop wakes it late, without a burst after a long stall', async () => {
		const account = new AccountPace();
		account.join(10, MINUTE); // a turn every 100 ms
		const t0 = Date.now();
		const given: number[] = [];
		const turns = Array.from({ length: 8 }, () =>
			account.takeTurn(patient).then(() => given.push(Date.now() - t0)),
		);
		await jest.advanceTimersByTimeAsync(0);
		jest.setSystemTime(t0 + 250); // the loop was busy: the 100 ms wake-up comes at 350 ms
		await jest.advanceTimersByTimeAsync(100);
		expect(given).toEqual([0, 350, 350, 350]); // the turns due at 100, 200 and 300 ms
		jest.setSystemTime(Date.now() + 5000); // a stall of seconds: those turns are gone
		await jest.advanceTimersByTimeAsync(60);
		const afterStall = given.slice(4);
		expect(afterStall).toEqual([afterStall[0], afterStall[0], afterStall[0]]); // 250 ms of turns, not all four
		await jest.advanceTimersByTimeAsync(1000);
		await Promise.all(turns);
	});

	it('gives turns in the order they were asked for', async () => {
		const account = new AccountPace();
		account.join(5, MINUTE);
		const order: number[] = [];
		const turns = [0, 1, 2, 3, 4].map((i) => account.takeTurn(patient).then(() => order.push(i)));
		await jest.advanceTimersByTimeAsync(1000);
		await Promise.all(turns);
		expect(order).toEqual([0, 1, 2, 3, 4]);
	});

	it('puts a request asking again after a 429 back in line ahead of those that first asked after it', async () => {
		const account = new AccountPace();
		account.join(5, MINUTE);
		const firstAskedAt = Date.now(); // a request refused with 429, now asking again
		jest.advanceTimersByTime(10);
		const order: string[] = [];
		const later = ['b', 'c'].map((name) => account.takeTurn(patient).then(() => order.push(name)));
		const again = account.takeTurn({ ...patient, firstAskedAt }).then(() => order.push('a'));
		await jest.advanceTimersByTimeAsync(1000);
		await Promise.all([...later, again]);
		expect(order).toEqual(['b', 'a', 'c']); // b found the line empty and went at once
	});
});

describe('a pause longer than Max Retry Wait', () => {
	it('fails those in line who will not wait that long at once, and keeps the others', async () => {
		const account = new AccountPace();
		account.join(1, MINUTE); // a line forms: one turn a second
		const short = takeTurns(account, 3, { maxPauseMs: 500 });
		const long = takeTurns(account, 1, { maxPauseMs: 5000 });
		account.onThrottled(2000);
		await jest.advanceTimersByTimeAsync(0);
		expect(short.outcomes).toEqual([0, 'pause', 'pause']); // the first had its turn already
		expect(long.outcomes[0]).toBeUndefined();
		await jest.advanceTimersByTimeAsync(2000);
		await long.all;
		expect(long.outcomes).toEqual([2000]);
	});

	it('fails a newcomer at once while the account is paused longer than it would wait', async () => {
		const account = new AccountPace();
		account.join(0, MINUTE);
		account.onThrottled(2000);
		await expect(account.takeTurn({ ...patient, maxPauseMs: 500 })).rejects.toMatchObject({
			reason: 'pause',
			waitMs: 2000,
		});
	});
});

describe('the longest pause, and the probe after it', () => {
	it('lasts no longer than the longest Max Retry Wait of the runs using the account', async () => {
		const account = new AccountPace();
		account.join(0, 5000);
		account.join(0, 2000);
		account.onThrottled(3_600_000); // Retry-After: 3600
		jest.advanceTimersByTime(4999);
		// Until then, a request that would not wait out what Plivo asked fails at once, not sent.
		await expect(account.takeTurn(patient)).rejects.toMatchObject({
			reason: 'pause',
			waitMs: 3_600_000 - 4999,
		});
		jest.advanceTimersByTime(1);
		const turn = takeTurns(account, 1);
		await turn.all;
		expect(turn.outcomes).toEqual([0]);
	});

	it('does not refuse the next run for the whole Retry-After', async () => {
		const account = new AccountPace();
		const leave = account.join(0, 2000);
		account.onThrottled(3_600_000);
		leave();
		jest.advanceTimersByTime(2000);
		account.join(0, 2000);
		const later = takeTurns(account, 1, { maxPauseMs: 2000 });
		await later.all;
		expect(later.outcomes).toEqual([0]);
	});

	/** A run with Max Retry Wait 1 s (or `maxPauseMs`) met Retry-After: 3600; the pause is over, the probe is next. */
	const pausedAnHour = (maxPauseMs = 1000) => {
		const account = new AccountPace();
		account.join(0, maxPauseMs);
		account.onThrottled(3_600_000);
		jest.advanceTimersByTime(maxPauseMs);
		return account;
	};

	it('then lets one request go (the probe), and the rest after its answer', async () => {
		const account = pausedAnHour();
		const turns = takeTurns(account, 3);
		await jest.advanceTimersByTimeAsync(300);
		expect(turns.outcomes).toEqual([0, undefined, undefined]);
		account.onAnswered(); // the probe's answer
		await jest.advanceTimersByTimeAsync(0);
		await turns.all;
		expect(turns.outcomes).toEqual([0, 300, 300]);
	});

	it('sends the next probe 15 s after one that got no answer', async () => {
		const account = pausedAnHour(MINUTE);
		const turns = takeTurns(account, 2);
		await jest.advanceTimersByTimeAsync(14_999);
		expect(turns.outcomes).toEqual([0, undefined]); // the probe timed out: no answer came
		await jest.advanceTimersByTimeAsync(1);
		await turns.all;
		expect(turns.outcomes).toEqual([0, 15_000]);
	});

	it('after a probe without an answer, holds the line no longer than the longest Max Retry Wait', async () => {
		const account = pausedAnHour(2000);
		const turns = takeTurns(account, 2);
		await jest.advanceTimersByTimeAsync(1999);
		expect(turns.outcomes).toEqual([0, undefined]); // the probe timed out: no answer came
		await jest.advanceTimersByTimeAsync(1);
		await turns.all;
		expect(turns.outcomes).toEqual([0, 2000]);
	});

	it('holds no line after a probe when no run using the account waits for a pause', async () => {
		// A 429 whose Retry-After is ignored (-1) leaves its back-off; Max Retry Wait is 0.
		const account = new AccountPace();
		account.join(0, 0);
		account.onThrottled(700);
		const turns = takeTurns(account, 2, { maxWaitMs: 1000 });
		await jest.advanceTimersByTimeAsync(0);
		await turns.all;
		expect(turns.outcomes).toEqual([0, 0]);
	});

	it('a probe that meets a 429 again pauses the account again, and probes again after it', async () => {
		const account = pausedAnHour();
		const turns = takeTurns(account, 1);
		await turns.all;
		jest.advanceTimersByTime(100);
		account.onThrottled(3_600_000); // the probe's answer
		jest.advanceTimersByTime(1000);
		const again = takeTurns(account, 2);
		await jest.advanceTimersByTimeAsync(500);
		expect(again.outcomes).toEqual([0, undefined]);
		account.onAnswered();
		await jest.advanceTimersByTimeAsync(0);
		await again.all;
		expect(again.outcomes).toEqual([0, 500]);
	});

	it('sends no probe after a pause Plivo asked for in full', async () => {
		const account = new AccountPace();
		account.join(0, MINUTE);
		account.onThrottled(1000);
		const turns = takeTurns(account, 3);
		await jest.advanceTimersByTimeAsync(1000);
		await turns.all;
		expect(turns.outcomes).toEqual([1000, 1000, 1000]);
	});
});

describe('the wait for a turn', () => {
	it('is bounded by Max Wait for a Turn: later ones fail, not sent', async () => {
		const account = new AccountPace();
		account.join(1, MINUTE);
		const { outcomes, all } = takeTurns(account, 5, { maxWaitMs: 2500 });
		await jest.advanceTimersByTimeAsync(3000);
		await all;
		expect(outcomes).toEqual([0, 1000, 2000, 'queue', 'queue']);
	});

	it('ends at once when the execution is cancelled, and the place goes to the next in line', async () => {
		const account = new AccountPace();
		account.join(1, MINUTE);
		const cancel = new AbortController();
		const first = takeTurns(account, 1);
		const cancelled = takeTurns(account, 1, { signal: cancel.signal });
		const next = takeTurns(account, 1);
		await jest.advanceTimersByTimeAsync(100);
		cancel.abort();
		await jest.advanceTimersByTimeAsync(0);
		expect(cancelled.outcomes).toEqual(['cancelled']);
		await jest.advanceTimersByTimeAsync(900);
		await Promise.all([first.all, next.all]);
		expect(next.outcomes).toEqual([1000]); // the cancelled one's slot, not the one after it
		expect(first.outcomes).toEqual([0]);
	});

	it('leaves nothing behind once the line is empty: no timer, no listener', async () => {
		const account = new AccountPace();
		account.join(1, MINUTE);
		const cancel = new AbortController();
		const turns = takeTurns(account, 3, { signal: cancel.signal });
		await jest.advanceTimersByTimeAsync(0);
		cancel.abort();
		await turns.all;
		expect(turns.outcomes).toEqual([0, 'cancelled', 'cancelled']);
		await jest.advanceTimersByTimeAsync(0);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('is refused at once for an execution already cancelled', async () => {
		const cancel = new AbortController();
		cancel.abort();
		await expect(
			new AccountPace().takeTurn({ ...patient, signal: cancel.signal }),
		).rejects.toMatchObject({ reason: 'cancelled' });
	});
});

describe('idle accounts', () => {
	it('are forgotten after a minute without requests; busy ones are kept', async () => {
		const idle = accountPace('MA0000000000000000A1', ROOT);
		idle.onAnswered();
		const busy = accountPace('MA0000000000000000A2', ROOT);
		busy.join(0, MINUTE); // a run still using it
		expect(knownAccounts()).toBe(2);
		jest.advanceTimersByTime(61_000);
		accountPace('MA0000000000000000A3', ROOT);
		expect(knownAccounts()).toBe(2);
		expect(accountPace('MA0000000000000000A2', ROOT)).toBe(busy);
		expect(accountPace('MA0000000000000000A1', ROOT)).not.toBe(idle);
	});

	it('are forgotten while paused too: an answer cannot hold an account in memory', () => {
		const paused = accountPace('MA0000000000000000A1', ROOT);
		const leave = paused.join(0, 10 * MINUTE);
		paused.onThrottled(10 * MINUTE);
		leave();
		jest.advanceTimersByTime(61_000);
		expect(accountPace('MA0000000000000000A1', ROOT)).not.toBe(paused);
	});
});

describe('the learned rate', () => {
	/** Requests per second of a learned pace of `turns` in each window (TURN_WINDOW_MS: 1050 ms). */
	const paced = (turns: number, windowMs = 1050) => (turns * 1000) / windowMs;
	/** Plivo accepts `perSecond` answers, then answers 429 (no pause): the pace learns `perSecond`. */
	const learn = (account: AccountPace, perSecond: number) => {
		for (let i = 0; i < Math.max(perSecond, 5); i++) {
			jest.advanceTimersByTime(1000 / perSecond);
			account.onAnswered();
		}
		account.onThrottled(0);
	};
	/** The account's pace in use: `perSecond` answers a second for `ms`. */
	const busy = (account: AccountPace, ms: number, perSecond: number) => {
		for (let t = 0; t < ms;) {
			const step = Math.min(1000 / perSecond, ms - t);
			jest.advanceTimersByTime(step);
			t += step;
			account.onAnswered();
			void account.pace; // as each turn asks for it
		}
	};

	it('is none until Plivo answers 429', () => {
		const account = new AccountPace();
		answer(account, 100);
		expect(account.pace).toBe(0);
	});

	it('after a 429, is the answers Plivo accepted in the last second, as whole turns', () => {
		const account = new AccountPace();
		for (let i = 0; i < 40; i++) {
			account.onAnswered();
			jest.advanceTimersByTime(20); // 40 answers over 800 ms
		}
		account.onThrottled(1000);
		expect(account.pace).toBeCloseTo(paced(40), 5);
	});

	it('for a small share, is the spacing of the last answers; a slow start before them does not count', () => {
		const account = new AccountPace();
		jest.advanceTimersByTime(500);
		account.onAnswered(); // executions still trickling in
		jest.advanceTimersByTime(2300);
		for (let i = 0; i < 5; i++) {
			jest.advanceTimersByTime(500);
			account.onAnswered(); // 2/s: this process's share
		}
		jest.advanceTimersByTime(200);
		account.onThrottled(1000); // the last 5 answers are 500 ms apart; the whole 5 s would say 1.2/s
		expect(account.pace).toBeCloseTo(paced(2), 5);
	});

	it('for a small share, reads the same rate whatever the phase of its answers', () => {
		// 4 answers a second: a count over whole seconds, or a span up to the 429, reads 3.2 a
		// second (3 turns) when the 429 falls just before the next answer.
		for (const phaseMs of [0, 100, 200, 249]) {
			const account = new AccountPace();
			for (let i = 0; i < 8; i++) {
				jest.advanceTimersByTime(250);
				account.onAnswered();
			}
			jest.advanceTimersByTime(phaseMs);
			account.onThrottled(1000);
			expect(account.pace).toBeCloseTo(paced(4), 5);
		}
	});

	it('is not learned from a handful of answers', () => {
		const account = new AccountPace();
		answer(account, 3);
		account.onThrottled(0);
		expect(account.pace).toBe(0);
		answer(account, 20);
		account.onThrottled(0);
		expect(account.pace).toBeCloseTo(paced(23), 5); // 23 answers in the first second
	});

	it('gives no more than its turns in any window of 1050 ms, evenly spaced, even when the pump wakes late', async () => {
		const account = new AccountPace();
		learn(account, 3);
		const t0 = Date.now();
		const given: number[] = [];
		const turns = Array.from({ length: 12 }, () =>
			account.takeTurn(patient).then(() => given.push(Date.now() - t0)),
		);
		await jest.advanceTimersByTimeAsync(1000);
		jest.setSystemTime(Date.now() + 200); // a busy event loop: the next wake-up comes 200 ms late
		await jest.advanceTimersByTimeAsync(5000);
		await Promise.all(turns);
		expect(given.slice(0, 3)).toEqual([0, 350, 700]);
		for (let i = 3; i < given.length; i++)
			expect(given[i] - given[i - 3]).toBeGreaterThanOrEqual(1050);
	});

	it('lets two processes at 3 and 2 turns share a limit of 5 a second whatever their phase', async () => {
		for (const offsetMs of [0, 37, 120, 175, 290, 349]) {
			const [three, two] = [new AccountPace(), new AccountPace()];
			learn(three, 3);
			learn(two, 2);
			const t0 = Date.now();
			const given: number[] = [];
			const take = (account: AccountPace) =>
				Array.from({ length: 20 }, () =>
					account.takeTurn(patient).then(() => given.push(Date.now() - t0)),
				);
			const threes = take(three);
			await jest.advanceTimersByTimeAsync(offsetMs);
			const twos = take(two);
			await jest.advanceTimersByTimeAsync(15_000);
			await Promise.all([...threes, ...twos]);
			given.sort((x, y) => x - y);
			const busiest = Math.max(
				...given.map((at) => given.filter((t) => t >= at && t < at + 1000).length),
			);
			expect(busiest).toBeLessThanOrEqual(5);
		}
	});

	it('the lowest of it and Max Requests per Second wins', () => {
		const account = new AccountPace();
		account.join(10, MINUTE);
		learn(account, 20);
		expect(account.pace).toBe(10);
	});

	it('tries one turn more after 10 s in use without a 429, then sooner after each try that holds', () => {
		const account = new AccountPace();
		learn(account, 5);
		busy(account, 9900, 5);
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 100, 5);
		expect(account.pace).toBeCloseTo(paced(6), 5); // 10 s
		busy(account, 4900, 20);
		expect(account.pace).toBeCloseTo(paced(6), 5);
		busy(account, 100, 20);
		expect(account.pace).toBeCloseTo(paced(7), 5); // 5 s later
		busy(account, 2500, 20);
		expect(account.pace).toBeCloseTo(paced(8), 5); // 2.5 s later, and no sooner after that
		busy(account, 2400, 20);
		expect(account.pace).toBeCloseTo(paced(8), 5);
		busy(account, 100, 20);
		expect(account.pace).toBeCloseTo(paced(10), 5); // two: a quarter of 8
	});

	it('a larger pace tries twice as many each time, up to a quarter of itself', () => {
		const account = new AccountPace();
		learn(account, 20);
		busy(account, 10_000, 50);
		expect(account.pace).toBeCloseTo(paced(21), 5);
		busy(account, 5000, 50);
		expect(account.pace).toBeCloseTo(paced(23), 5);
		busy(account, 2500, 50);
		expect(account.pace).toBeCloseTo(paced(27), 5);
		busy(account, 2500, 50);
		expect(account.pace).toBeCloseTo(paced(33), 5); // 8 would be more than a quarter of 27
		busy(account, 2500, 50);
		expect(account.pace).toBeCloseTo(paced(41), 5);
	});

	it('takes back a large try that meets a 429, and tries one turn more after that', () => {
		const account = new AccountPace();
		learn(account, 20);
		busy(account, 10_000, 50); // 21
		busy(account, 5000, 50); // 23
		busy(account, 2500, 50);
		expect(account.pace).toBeCloseTo(paced(27), 5);
		busy(account, 500, 50);
		account.onThrottled(0, 100);
		expect(account.pace).toBeCloseTo(paced(23), 5);
		busy(account, 5000, 50); // twice the 2.5 s before the try that failed
		expect(account.pace).toBeCloseTo(paced(24), 5);
	});

	it('does not try more while the pace is not in use', () => {
		const account = new AccountPace();
		learn(account, 5);
		jest.advanceTimersByTime(30_000);
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 20_000, 1); // in use far under its pace
		expect(account.pace).toBeCloseTo(paced(5), 5);
		// In use again: the wait starts over at the answer that last found the pace unused, 10 s
		// after the one before (41 s and 51 s after the cut), so the try comes at 61 s.
		busy(account, 10_000, 5);
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 1000, 5);
		expect(account.pace).toBeCloseTo(paced(6), 5);
	});

	it('once in use again after a spell unused, tries 10 s after its first answer, however long its wait had grown', () => {
		const account = new AccountPace();
		learn(account, 5);
		busy(account, 10_000, 5); // tried 6…
		busy(account, 500, 10);
		account.onThrottled(0, 100); // …which met a 429: back to 5, the next try in 20 s
		jest.advanceTimersByTime(30_000);
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 10_000, 5); // the first answer finds it unused: the first wait, 10 s, from there
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 200, 5);
		expect(account.pace).toBeCloseTo(paced(6), 5);
	});

	it('is not changed by reading it: the same answers and 429 leave the same pace', () => {
		// The case: a read 60 ms before a 429 used to make the try that the 429 then took
		// back (20 turns in 1050 ms), while without it the 429 was a lone one (21 in 1100 ms).
		const [read, unread] = [new AccountPace(), new AccountPace()];
		for (let i = 0; i < 20; i++) {
			jest.advanceTimersByTime(50);
			read.onAnswered();
			unread.onAnswered();
		}
		read.onThrottled(0);
		unread.onThrottled(0); // both: 20 turns
		for (let t = 0; t < 9950; t += 50) {
			jest.advanceTimersByTime(50);
			read.onAnswered();
			unread.onAnswered();
		}
		jest.advanceTimersByTime(90);
		const before = read.pace;
		expect(read.pace).toBe(before);
		jest.advanceTimersByTime(60);
		read.onThrottled(0, 30);
		unread.onThrottled(0, 30);
		expect(read.pace).toBe(unread.pace);
	});

	it('takes back a try that meets a 429, and waits twice as long before the next', () => {
		const account = new AccountPace();
		learn(account, 5);
		busy(account, 10_000, 5);
		expect(account.pace).toBeCloseTo(paced(6), 5); // tried 6
		busy(account, 500, 10);
		account.onThrottled(0, 100); // a request sent after the try
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 19_900, 5);
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 100, 5);
		expect(account.pace).toBeCloseTo(paced(6), 5); // 20 s
	});

	it('widens its window by 50 ms at a lone 429 after no try of its own; a second within 10 s takes a turn off instead', () => {
		const account = new AccountPace();
		learn(account, 5);
		busy(account, 3000, 5);
		account.onThrottled(0); // most likely another process trying one more, or a late request
		expect(account.pace).toBeCloseTo(paced(5, 1100), 5);
		busy(account, 2000, 5);
		account.onThrottled(0);
		expect(account.pace).toBeCloseTo(paced(4), 5); // and the window starts over
	});

	it('widens its window at lone 429s more than 10 s apart up to 1200 ms, and takes no turn off', () => {
		const account = new AccountPace();
		learn(account, 5);
		const paces: number[] = [];
		for (let i = 0; i < 4; i++) {
			busy(account, 9000, 1); // not in use: no try narrows it back in between
			busy(account, 2000, 5);
			account.onThrottled(0);
			paces.push(account.pace);
		}
		expect(paces).toEqual([1100, 1150, 1200, 1200].map((windowMs) => paced(5, windowMs)));
	});

	it('gives its turns evenly in the widened window', async () => {
		const account = new AccountPace();
		learn(account, 5);
		busy(account, 3000, 5);
		account.onThrottled(0);
		jest.advanceTimersByTime(1000); // the 429's pause
		const t0 = Date.now();
		const given: number[] = [];
		const turns = Array.from({ length: 6 }, () =>
			account.takeTurn(patient).then(() => given.push(Date.now() - t0)),
		);
		await jest.advanceTimersByTimeAsync(3000);
		await Promise.all(turns);
		expect(given).toEqual([0, 220, 440, 660, 880, 1100]);
	});

	it('narrows a widened window before it tries a turn more; a narrowing that meets a 429 is taken back', () => {
		const account = new AccountPace();
		learn(account, 5);
		busy(account, 3000, 5);
		account.onThrottled(0);
		busy(account, 9000, 1);
		busy(account, 2000, 5);
		account.onThrottled(0); // a lone 429 again 11 s later: the window is 1150 ms
		busy(account, 10_000, 5);
		expect(account.pace).toBeCloseTo(paced(5, 1100), 5); // the first try: 50 ms narrower
		busy(account, 500, 5);
		account.onThrottled(0, 100); // met by a 429: taken back, the next in 20 s
		expect(account.pace).toBeCloseTo(paced(5, 1150), 5);
		busy(account, 19_900, 5);
		expect(account.pace).toBeCloseTo(paced(5, 1150), 5);
		busy(account, 100, 5);
		expect(account.pace).toBeCloseTo(paced(5, 1100), 5);
		busy(account, 20_000, 5); // a narrowing that held: the next try is not sooner
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 19_900, 5);
		expect(account.pace).toBeCloseTo(paced(5), 5);
		busy(account, 100, 5);
		expect(account.pace).toBeCloseTo(paced(6), 5); // then a turn more
	});

	it('does not count a 429 for a request sent before the last cut', () => {
		const account = new AccountPace();
		learn(account, 20);
		busy(account, 1500, 20);
		account.onThrottled(0, 2000); // left before the pace was learned
		busy(account, 1100, 20);
		account.onThrottled(0); // so this one is the lone 429, not the second
		expect(account.pace).toBeCloseTo(paced(20, 1100), 5);
		busy(account, 1100, 20);
		account.onThrottled(0);
		expect(account.pace).toBeCloseTo(paced(19), 5);
	});

	it('cuts at most once a second', () => {
		const account = new AccountPace();
		learn(account, 20);
		busy(account, 1500, 20);
		account.onThrottled(0);
		busy(account, 500, 20);
		account.onThrottled(0); // within a second of the lone one: not its second
		busy(account, 600, 20);
		account.onThrottled(0);
		expect(account.pace).toBeCloseTo(paced(19), 5);
		busy(account, 500, 20);
		account.onThrottled(0); // within a second of the cut
		expect(account.pace).toBeCloseTo(paced(19), 5);
	});

	it('takes off a share of a large pace, not one turn', () => {
		const account = new AccountPace();
		learn(account, 100);
		busy(account, 1500, 100);
		account.onThrottled(0);
		busy(account, 1500, 100);
		account.onThrottled(0);
		expect(account.pace).toBeCloseTo(paced(97), 5);
	});

	it('at a later 429, is cut toward what was accepted when that is clearly less (another process took a share), by at most a fifth a second', () => {
		const account = new AccountPace();
		learn(account, 20);
		const paces: number[] = [];
		for (let cut = 0; cut < 5; cut++) {
			jest.advanceTimersByTime(1000); // a pause: no answers, which must not count as slow
			busy(account, 1000, 10); // 10/s accepted
			account.onThrottled(1000);
			paces.push(account.pace);
		}
		// 20 → 16 → 13 → 10; then at what was accepted, a lone 429 widens the window and the next
		// takes a turn off.
		expect(paces).toEqual([paced(16), paced(13), paced(10), paced(10, 1100), paced(9)]);
	});
});

describe('two processes on one account (two queue-mode workers)', () => {
	it('each learn the share Plivo accepts from it, and together settle below the limit', async () => {
		const LIMIT = 5;
		const accepted: number[] = [];
		let refused = 0;
		/** Plivo: a sliding one-second window of accepted requests. */
		const plivo = () => {
			const now = Date.now();
			while (accepted.length && now - accepted[0] >= 1000) accepted.shift();
			if (accepted.length >= LIMIT) return false;
			accepted.push(now);
			return true;
		};
		const log: { at: number; ok: boolean }[] = [];
		let running = true;
		/** One worker: 10 executions at a time, each sending, and after a 429 waiting 1 s and trying again. */
		const worker = (account: AccountPace) =>
			Array.from({ length: 10 }, async () => {
				while (running) {
					await account.takeTurn(patient);
					const ok = plivo();
					log.push({ at: Date.now(), ok });
					if (ok) account.onAnswered();
					else {
						refused++;
						account.onThrottled(1000);
						await new Promise((resolve) => setTimeout(resolve, 1000));
					}
					await new Promise((resolve) => setTimeout(resolve, 50)); // round trip
				}
			});
		const loops = [...worker(new AccountPace()), ...worker(new AccountPace())];
		await jest.advanceTimersByTimeAsync(90_000);
		running = false;
		await jest.advanceTimersByTimeAsync(60_000); // those still in line get their turns
		await Promise.all(loops);
		const settled = log.filter(
			(entry) => entry.at >= log[0].at + 30_000 && entry.at < log[0].at + 90_000,
		);
		const okPerSecond = settled.filter((entry) => entry.ok).length / 60;
		const refusedShare = settled.filter((entry) => !entry.ok).length / settled.length;
		expect(okPerSecond).toBeGreaterThan(0.8 * LIMIT);
		expect(refusedShare).toBeLessThan(0.05);
		expect(refused).toBeGreaterThan(0);
	});
});
