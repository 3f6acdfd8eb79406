/** One pace per Plivo account, shared by every run in the process: turns, pauses, learned rate, line. */
import {
	accountPace,
	AccountPace,
	forgetAccountPaces,
	knownAccounts,
	NoTurnError,
	type TurnLimits,
} from '../../nodes/PlivoPhlo/transport/pacer';

const ROOT = 'https://phlorunner.plivo.com/v1';
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
		account.onThrottled(0); // …then a 429: pace 9.7/s
		expect(account.pace).toBeCloseTo(9.7, 5);
		const runA = takeTurns(account, 2);
		const runB = takeTurns(accountPace('MA0123456789ABCDEF01', ROOT), 2);
		await jest.advanceTimersByTimeAsync(1000);
		await Promise.all([runA.all, runB.all]);
		const given = ([...runA.outcomes, ...runB.outcomes] as number[]).sort((x, y) => x - y);
		const gaps = given.slice(1).map((at, i) => at - given[i]);
		for (const gap of gaps) expect(Math.abs(gap - 1000 / 9.7)).toBeLessThanOrEqual(1.5);
	});

	it("one run's Max Requests per Second spaces every run's turns, until that run ends", async () => {
		const account = new AccountPace();
		const leave = account.join(10);
		account.join(0); // another run without a ceiling
		const { outcomes, all } = takeTurns(account, 4);
		await jest.advanceTimersByTimeAsync(1000);
		await all;
		expect(outcomes).toEqual([0, 100, 200, 300]);
		leave();
		expect(account.pace).toBe(0);
	});

	it('the lowest ceiling of the runs using the account wins', () => {
		const account = new AccountPace();
		account.join(10);
		account.join(4);
		account.join(0);
		expect(account.pace).toBe(4);
	});

	it('keeps the pace when the event loop wakes it late, without a burst after a long stall', async () => {
		const account = new AccountPace();
		account.join(10); // a turn every 100 ms
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
		account.join(5);
		const order: number[] = [];
		const turns = [0, 1, 2, 3, 4].map((i) => account.takeTurn(patient).then(() => order.push(i)));
		await jest.advanceTimersByTimeAsync(1000);
		await Promise.all(turns);
		expect(order).toEqual([0, 1, 2, 3, 4]);
	});

	it('puts a request asking again after a 429 back in line ahead of those that first asked after it', async () => {
		const account = new AccountPace();
		account.join(5);
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
		account.join(1); // a line forms: one turn a second
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
		account.onThrottled(2000);
		await expect(account.takeTurn({ ...patient, maxPauseMs: 500 })).rejects.toMatchObject({
			reason: 'pause',
			waitMs: 2000,
		});
	});
});

describe('the wait for a turn', () => {
	it('is bounded by Max Wait for a Turn: later ones fail, not sent', async () => {
		const account = new AccountPace();
		account.join(1);
		const { outcomes, all } = takeTurns(account, 5, { maxWaitMs: 2500 });
		await jest.advanceTimersByTimeAsync(3000);
		await all;
		expect(outcomes).toEqual([0, 1000, 2000, 'queue', 'queue']);
	});

	it('ends at once when the execution is cancelled, and the place goes to the next in line', async () => {
		const account = new AccountPace();
		account.join(1);
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
		account.join(1);
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
		busy.join(0); // a run still using it
		expect(knownAccounts()).toBe(2);
		jest.advanceTimersByTime(61_000);
		accountPace('MA0000000000000000A3', ROOT);
		expect(knownAccounts()).toBe(2);
		expect(accountPace('MA0000000000000000A2', ROOT)).toBe(busy);
		expect(accountPace('MA0000000000000000A1', ROOT)).not.toBe(idle);
	});

	it('are kept while a Retry-After pause is still running', () => {
		const paused = accountPace('MA0000000000000000A1', ROOT);
		paused.onThrottled(120_000);
		jest.advanceTimersByTime(61_000);
		expect(accountPace('MA0000000000000000A1', ROOT)).toBe(paused);
	});
});

describe('the learned rate', () => {
	it('is none until Plivo answers 429', () => {
		const account = new AccountPace();
		answer(account, 100);
		expect(account.pace).toBe(0);
	});

	it('after a 429, is just under the answers Plivo accepted', () => {
		const account = new AccountPace();
		for (let i = 0; i < 40; i++) {
			account.onAnswered();
			jest.advanceTimersByTime(20); // 40 answers over 800 ms
		}
		account.onThrottled(1000);
		expect(account.pace).toBeCloseTo(40 * 0.97, 5);
	});

	it('for a small share, is the spacing of the last answers; a slow start before them does not count', () => {
		const account = new AccountPace();
		jest.advanceTimersByTime(500);
		account.onAnswered(); // executions still trickling in
		jest.advanceTimersByTime(2300);
		for (let i = 0; i < 5; i++) {
			jest.advanceTimersByTime(400);
			account.onAnswered(); // 2.5/s: this process's share
		}
		jest.advanceTimersByTime(200);
		account.onThrottled(1000); // the last 5 answers are 400 ms apart; the whole 5 s would say 1.2/s
		expect(account.pace).toBeCloseTo(2.5 * 0.97, 5);
	});

	it('is cut at most once a second, and not from a handful of answers', () => {
		const account = new AccountPace();
		answer(account, 3);
		account.onThrottled(0);
		expect(account.pace).toBe(0);
		answer(account, 20);
		account.onThrottled(0);
		expect(account.pace).toBeCloseTo(23 * 0.97, 5); // 23 answers in the first second
		answer(account, 40);
		account.onThrottled(0); // same second: no second cut
		expect(account.pace).toBeCloseTo(23 * 0.97, 5);
	});

	it('climbs back slowly: flat near the rate that met the 429, then faster beyond it', () => {
		const account = new AccountPace();
		answer(account, 20);
		account.onThrottled(0); // met the 429 at 20/s
		expect(account.pace).toBeCloseTo(19.4, 5);
		jest.advanceTimersByTime(5000);
		expect(account.pace).toBeLessThan(19.5);
		jest.advanceTimersByTime(10_000);
		expect(account.pace).toBeCloseTo(20, 5);
		jest.advanceTimersByTime(15_000);
		expect(account.pace).toBeGreaterThan(24);
	});

	it('never goes above Max Requests per Second', () => {
		const account = new AccountPace();
		account.join(30);
		answer(account, 20);
		account.onThrottled(0);
		jest.advanceTimersByTime(60_000);
		expect(account.pace).toBe(30);
	});

	it('at a later 429, is cut a little below the pace that met it', () => {
		const account = new AccountPace();
		answer(account, 20);
		account.onThrottled(1000); // pace 19.4/s, pause 1 s
		jest.advanceTimersByTime(1000);
		for (let i = 0; i < 19; i++) {
			jest.advanceTimersByTime(50);
			account.onAnswered(); // Plivo accepts about what the pace sends
		}
		const pace = account.pace;
		account.onThrottled(1000);
		expect(account.pace).toBeCloseTo(pace * 0.97, 5);
	});

	it('for a small share, reads the same rate whatever the phase of its answers', () => {
		// 2 answers a second: a count over whole seconds reads 5 in 3 s (1.67/s) or 6 (2/s),
		// depending on where the 429 falls between two answers.
		for (const phaseMs of [0, 100, 250, 400, 499]) {
			const account = new AccountPace();
			for (let i = 0; i < 8; i++) {
				jest.advanceTimersByTime(500);
				account.onAnswered();
			}
			jest.advanceTimersByTime(phaseMs);
			account.onThrottled(1000);
			expect(account.pace).toBeCloseTo(2 * 0.97, 5);
		}
	});

	it('at a later 429, is cut toward what was accepted when that is clearly less (another process took a share), by at most a fifth a second', () => {
		const account = new AccountPace();
		answer(account, 20);
		account.onThrottled(1000); // pace 19.4/s, pause 1 s
		const paces: number[] = [];
		for (let cut = 0; cut < 5; cut++) {
			jest.advanceTimersByTime(1000); // the pause: no answers, which must not count as slow
			for (let i = 0; i < 10; i++) {
				jest.advanceTimersByTime(100);
				account.onAnswered(); // 10/s accepted
			}
			account.onThrottled(1000);
			paces.push(account.pace);
		}
		// 19.4 × 0.8 × 0.97, then again; once near what was accepted, the ordinary small cuts.
		expect(paces[0]).toBeCloseTo(19.4 * 0.8 * 0.97, 2);
		expect(paces[1]).toBeCloseTo(paces[0] * 0.8 * 0.97, 2);
		expect(paces.at(-1)).toBeLessThan(11);
		expect(paces.at(-1)).toBeGreaterThan(9.7);
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
