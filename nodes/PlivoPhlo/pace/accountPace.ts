import { sleep } from '../n8nBehaviour';

import { LearnedRate } from './learnedRate';
import { NoTurnError, type RunLimits, type TurnLimits, type Waiter } from './turn';

export { NoTurnError, type NoTurnReason, type TurnLimits } from './turn';

/**
 * One pace per Plivo account, shared by every execution and node run in this n8n process: Plivo's
 * limits are per account. Requests wait in one line, first asked first served, and leave it at the
 * pace; waiting in line is not a retry. States, invariants and constants: docs/pace.md.
 */

/** The pump re-plans at least this often, so a changed pace or a new deadline is seen soon. */
const MAX_NAP_MS = 1000;
/** How far back a late pump still gives the turns it missed (see grant). */
const CATCH_UP_MS = 250;
/** Turns whose times are kept for the learned window; a pace above this many a window is only spaced. */
const TURNS_KEPT = 256;
/** A probe that brought no answer (a timeout, a dropped connection): the next one goes this much later. */
const PROBE_AGAIN_MS = 15_000;

export class AccountPace {
	private readonly line: Waiter[] = [];
	private readonly learned: LearnedRate;
	/** What each run using the account now holds it to. */
	private readonly runs = new Map<object, RunLimits>();
	/** Until when Plivo asked the account to wait (Retry-After), and until when it waits. */
	private askedUntil = 0;
	private pausedUntil = 0;
	/** A pause ended before Plivo's ask: one request (the probe) goes, the rest await its answer. */
	private probe?: { givenAt?: number };
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

	/** Requests per second the account is paced at: the lowest ceiling or the learned rate (0 = none). A read. */
	get pace(): number {
		const learned = this.learned.pace;
		const rates = [
			this.runLimits().ceiling,
			learned ? (1000 * learned.turns) / learned.windowMs : 0,
		];
		const paces = rates.filter((r) => r > 0);
		return paces.length ? Math.min(...paces) : 0;
	}

	/** The lowest Max Requests per Second (0 = none) and the longest Max Retry Wait of the runs. */
	private runLimits(): { ceiling: number; longestPauseMs: number } {
		const runs = [...this.runs.values()];
		const ceilings = runs.map((r) => r.maxRequestsPerSecond).filter((r) => r > 0);
		const longestPauseMs = Math.max(0, ...runs.map((r) => r.maxPauseMs));
		return { ceiling: ceilings.length ? Math.min(...ceilings) : 0, longestPauseMs };
	}

	/** A run uses the account with its Max Requests per Second and Max Retry Wait, until it calls the result. */
	join(maxRequestsPerSecond: number, maxPauseMs: number): () => void {
		const lease = {};
		this.runs.set(lease, { maxRequestsPerSecond, maxPauseMs });
		this.lastUsed = Date.now();
		return () => {
			this.runs.delete(lease);
			this.lastUsed = Date.now();
			this.wake?.abort(); // a lifted ceiling may bring the next turn forward
		};
	}

	/** Resolves when a request may be sent; rejects with NoTurnError when it may not (never sent). */
	async takeTurn(limits: TurnLimits): Promise<void> {
		const now = Date.now();
		this.lastUsed = now;
		if (limits.signal?.aborted) throw new NoTurnError('cancelled', 0);
		// While paused, a request that would not wait out Plivo's ask fails now, not sent.
		const asked = this.askedUntil - now;
		if (now < this.pausedUntil && asked > limits.maxPauseMs) throw new NoTurnError('pause', asked);
		if (this.line.length === 0 && this.nextTurnAt() <= now) {
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
		if (this.probe?.givenAt !== undefined) {
			this.probe = undefined;
			this.wake?.abort(); // the line waited for this answer
		}
		this.learned.onAnswered(now);
	}

	/**
	 * A 429 for a request that was out `roundTripMs`: pause every request for Retry-After, but no
	 * longer than the longest Max Retry Wait of the runs using the account (then a probe goes),
	 * learn the pace, and fail at once whoever will not wait out what Plivo asked.
	 */
	onThrottled(retryAfterMs: number, roundTripMs = 0): void {
		const now = Date.now();
		this.lastUsed = now;
		const longest = this.runLimits().longestPauseMs;
		if (retryAfterMs > longest) this.probe = {};
		else if (this.probe?.givenAt !== undefined) this.probe = undefined;
		this.askedUntil = Math.max(this.askedUntil, now + retryAfterMs);
		this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, longest));
		this.learned.onThrottled(now, this.pausedUntil, now - roundTripMs);
		const asked = this.askedUntil - now;
		for (const waiter of this.line.filter((w) => asked > w.limits.maxPauseMs)) {
			this.leave(waiter);
			waiter.settle(new NoTurnError('pause', asked));
		}
	}

	/** Nothing waits, nothing runs and nothing was asked of the account for `idleMs`, paused or not. */
	isIdle(now: number, idleMs: number): boolean {
		return this.line.length === 0 && this.runs.size === 0 && now - this.lastUsed >= idleMs;
	}

	/**
	 * When the next turn is due: after any pause, spaced at the lowest ceiling, and spaced evenly
	 * in the learned window with no more than its turns in any one window (a late pump's catch-up
	 * must not add one); while a probe is out, not before an answer or PROBE_AGAIN_MS, nor later
	 * than the longest Max Retry Wait: a probe without an answer is no answer that may stop the account.
	 */
	private nextTurnAt(): number {
		let due = this.pausedUntil;
		const { ceiling, longestPauseMs } = this.runLimits();
		const probeAt = this.probe?.givenAt;
		if (probeAt !== undefined)
			due = Math.max(due, probeAt + Math.min(PROBE_AGAIN_MS, longestPauseMs));
		if (ceiling > 0) due = Math.max(due, this.lastTurnAt + 1000 / ceiling);
		const learned = this.learned.pace;
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
		if (this.probe) this.probe.givenAt = now;
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
				const due = this.nextTurnAt();
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
