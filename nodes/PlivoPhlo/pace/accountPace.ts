import { sleep } from '../n8nBehaviour';

import { LearnedRate } from './learnedRate';

/**
 * One pace per Plivo account, shared by every execution and node run in this n8n process. Plivo's
 * limits are per account, so what one request learns (a 429's Retry-After, the rate Plivo accepts)
 * and any run's Max Requests per Second slow them all. Requests wait in one line, first asked first
 * served, and leave it at the pace; waiting in line is not a retry. Each queue-mode worker has its
 * own pacer: the learned rate is each one's share (see LearnedRate).
 */

/** Why a request got no turn; it was never sent. */
export type NoTurnReason =
	| 'pause' // Plivo asked the account to wait longer than this request's Max Retry Wait
	| 'queue' // no turn within Max Wait for a Turn
	| 'cancelled'; // the execution was cancelled while waiting

export class NoTurnError extends Error {
	constructor(
		readonly reason: NoTurnReason,
		/** For 'pause': the pause left; otherwise how long the request waited in line. */
		readonly waitMs: number,
	) {
		super(`No turn to send (${reason})`);
		this.name = 'NoTurnError';
	}
}

export interface TurnLimits {
	/** Longest time in line (Max Wait for a Turn). */
	maxWaitMs: number;
	/** Longest Retry-After pause this request waits out (Max Retry Wait); a longer one fails it. */
	maxPauseMs: number;
	/**
	 * When the request first asked for a turn. The line is in this order, so a request sent again
	 * after a 429 goes back ahead of those that asked after it: first asked, first served, and in a
	 * storm the same request is not refused again and again until its Max Retries run out.
	 */
	firstAskedAt?: number;
	/** The execution's cancel signal: cancelling gives up the place in line at once. */
	signal?: AbortSignal;
	/** Told how long a request that had to wait in line waited, as it gets its turn. */
	onWaited?: (waitedMs: number) => void;
}

interface Waiter {
	limits: TurnLimits;
	/** When it joined the line (Max Wait for a Turn counts from here). */
	since: number;
	/** Its place in line: when the request first asked (see TurnLimits.firstAskedAt). */
	order: number;
	settle(error?: NoTurnError): void;
}

/** The pump re-plans at least this often, so a changed pace or a new deadline is seen soon. */
const MAX_NAP_MS = 1000;
/** How far back a late pump still gives the turns it missed (see grant). */
const CATCH_UP_MS = 250;
/** Turns whose times are kept for the learned window; a pace above this many a window is only spaced. */
const TURNS_KEPT = 256;

export class AccountPace {
	private readonly line: Waiter[] = [];
	private readonly learned: LearnedRate;
	/** Max Requests per Second of each run using the account now (0 = none). */
	private readonly ceilings = new Map<object, number>();
	private pausedUntil = 0;
	private lastTurnAt = -Infinity;
	/** When the last turns were given, oldest first (see nextTurnAt). */
	private readonly givenAt: number[] = [];
	private pumping = false;
	private wake?: AbortController;
	private lastUsed: number;

	constructor(now = Date.now()) {
		this.learned = new LearnedRate(now);
		this.lastUsed = now;
	}

	/** Requests per second the account is paced at: the lowest ceiling or the learned rate (0 = none). */
	get pace(): number {
		const learned = this.learnedTurns(Date.now());
		const rates = [this.lowestCeiling(), learned ? (1000 * learned.turns) / learned.windowMs : 0];
		const paces = rates.filter((r) => r > 0);
		return paces.length ? Math.min(...paces) : 0;
	}

	/** The lowest Max Requests per Second of the runs using the account (0 = none). */
	private lowestCeiling(): number {
		const ceilings = [...this.ceilings.values()].filter((r) => r > 0);
		return ceilings.length ? Math.min(...ceilings) : 0;
	}

	/** A run uses the account with its own Max Requests per Second; call the result when it ends. */
	join(maxRequestsPerSecond: number): () => void {
		const lease = {};
		this.ceilings.set(lease, maxRequestsPerSecond);
		this.lastUsed = Date.now();
		return () => {
			this.ceilings.delete(lease);
			this.lastUsed = Date.now();
			this.wake?.abort(); // a lifted ceiling may bring the next turn forward
		};
	}

	/** Resolves when a request may be sent; rejects with NoTurnError when it may not (never sent). */
	async takeTurn(limits: TurnLimits): Promise<void> {
		const now = Date.now();
		this.lastUsed = now;
		if (limits.signal?.aborted) throw new NoTurnError('cancelled', 0);
		const pause = this.pausedUntil - now;
		if (pause > limits.maxPauseMs) throw new NoTurnError('pause', pause);
		if (this.line.length === 0 && this.nextTurnAt(now) <= now) {
			this.grant(now);
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const { signal } = limits;
			const onAbort = () => {
				if (this.leave(waiter)) waiter.settle(new NoTurnError('cancelled', Date.now() - now));
			};
			const waiter: Waiter = {
				limits,
				since: now,
				order: limits.firstAskedAt ?? now,
				settle: (error) => {
					signal?.removeEventListener('abort', onAbort);
					if (error) return reject(error);
					limits.onWaited?.(Date.now() - now);
					resolve();
				},
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			let place = this.line.length;
			while (place > 0 && this.line[place - 1].order > waiter.order) place--;
			this.line.splice(place, 0, waiter);
			void this.pump();
		});
	}

	/** Plivo answered (anything but 429). */
	onAnswered(): void {
		const now = Date.now();
		this.lastUsed = now;
		this.learned.onAnswered(now);
	}

	/**
	 * A 429 for a request that was out `roundTripMs`: pause every request for Retry-After, learn the
	 * pace, and fail at once whoever will not wait that long.
	 */
	onThrottled(retryAfterMs: number, roundTripMs = 0): void {
		const now = Date.now();
		this.lastUsed = now;
		this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		this.learned.onThrottled(now, this.pausedUntil, now - roundTripMs);
		const pause = this.pausedUntil - now;
		for (const waiter of this.line.filter((w) => pause > w.limits.maxPauseMs)) {
			this.leave(waiter);
			waiter.settle(new NoTurnError('pause', pause));
		}
	}

	/** Nothing waits, nothing runs and nothing was asked of the account for `idleMs`. */
	isIdle(now: number, idleMs: number): boolean {
		return (
			this.line.length === 0 &&
			this.ceilings.size === 0 &&
			this.pausedUntil <= now &&
			now - this.lastUsed >= idleMs
		);
	}

	/**
	 * The learned pace as whole turns in its window, or below one a second one turn in a longer
	 * window. Undefined until Plivo answers 429.
	 */
	private learnedTurns(now: number): { turns: number; windowMs: number } | undefined {
		const rate = this.learned.at(now);
		if (rate === 0) return undefined;
		const turns = Math.max(1, Math.floor(rate));
		return { turns, windowMs: Math.max(this.learned.window, (1000 * turns) / rate) };
	}

	/**
	 * When the next turn is due: after any pause, spaced at the lowest ceiling, and spaced evenly
	 * in the learned window with no more than its turns in any one window (a late pump's catch-up
	 * must not add one).
	 */
	private nextTurnAt(now: number): number {
		let due = this.pausedUntil;
		const ceiling = this.lowestCeiling();
		if (ceiling > 0) due = Math.max(due, this.lastTurnAt + 1000 / ceiling);
		const learned = this.learnedTurns(now);
		if (learned) {
			const { turns, windowMs } = learned;
			due = Math.max(due, this.lastTurnAt + windowMs / turns);
			if (turns <= this.givenAt.length) due = Math.max(due, this.givenAt.at(-turns)! + windowMs);
		}
		return due;
	}

	/**
	 * Records a turn given at `now` that was due at `due`. A busy event loop wakes the pump late:
	 * the turns it missed in the last CATCH_UP_MS are still given, back to back, so a loaded n8n
	 * keeps the pace; older ones are lost, so a stall does not end in a burst.
	 */
	private grant(now: number, due = now): void {
		this.lastTurnAt = Math.max(due, now - CATCH_UP_MS);
		this.givenAt.push(now);
		if (this.givenAt.length > 2 * TURNS_KEPT) this.givenAt.splice(0, TURNS_KEPT);
	}

	/** Takes a waiter out of line; false if it had already left. */
	private leave(waiter: Waiter): boolean {
		const index = this.line.indexOf(waiter);
		if (index < 0) return false;
		this.line.splice(index, 1);
		if (this.line.length === 0) this.wake?.abort();
		return true;
	}

	/** Gives turns in line order at the pace, and fails those whose wait ran out. One per account. */
	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.line.length > 0) {
				const now = Date.now();
				for (const waiter of this.line.filter((w) => now - w.since >= w.limits.maxWaitMs)) {
					this.leave(waiter);
					waiter.settle(new NoTurnError('queue', now - waiter.since));
				}
				if (this.line.length === 0) break;
				const due = this.nextTurnAt(now);
				if (due <= now) {
					const head = this.line.shift()!;
					this.grant(now, due);
					head.settle();
					continue;
				}
				const deadline = Math.min(...this.line.map((w) => w.since + w.limits.maxWaitMs));
				this.wake = new AbortController();
				const napMs = Math.max(1, Math.ceil(Math.min(due, deadline, now + MAX_NAP_MS) - now));
				await sleep(napMs, this.wake.signal).catch(() => undefined);
			}
		} finally {
			this.pumping = false;
			this.wake = undefined;
		}
	}
}

/** How long an account stays known after its last request: the learned pace is kept that long. */
const IDLE_MS = 60_000;
const accounts = new Map<string, AccountPace>();
let lastSweep = 0;

/** The shared pace of one Plivo account (Auth ID at an API root) in this process. */
export function accountPace(authId: string, apiRoot: string): AccountPace {
	const now = Date.now();
	if (now - lastSweep >= IDLE_MS / 4) {
		lastSweep = now;
		for (const [key, pace] of accounts) if (pace.isIdle(now, IDLE_MS)) accounts.delete(key);
	}
	const key = `${apiRoot} ${authId}`;
	let pace = accounts.get(key);
	if (!pace) accounts.set(key, (pace = new AccountPace(now)));
	return pace;
}

/** How many accounts the process keeps a pace for. */
export function knownAccounts(): number {
	return accounts.size;
}

/** Forgets every account's pace, as a fresh process would start (tests use it between cases). */
export function forgetAccountPaces(): void {
	accounts.clear();
	lastSweep = 0;
}
