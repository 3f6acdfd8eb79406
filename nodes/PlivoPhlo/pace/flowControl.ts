import type { AccountPace } from './accountPace';

export interface FlowSettings {
	/** Upper bound on requests in flight at once. */
	maxConcurrency: number;
	/** Optional ceiling in requests per second for the account while this run uses it (0 = none). */
	maxRequestsPerSecond: number;
	/** Longest one request waits in line for its turn (Max Wait for a Turn). */
	maxTurnWaitMs: number;
	/** Max Retry Wait: while the run lasts, no Retry-After pauses the account longer than this. */
	maxRetryWaitMs: number;
}

/**
 * The requests of one node run. The window of requests in flight is the run's own: it starts at
 * half the ceiling and doubles each round trip until the first 429 (slow start), then grows by
 * about one per round trip while Plivo answers and halves (at most once per round trip) when Plivo
 * answers 429: additive increase, multiplicative decrease. Turns come from the account's shared
 * pace (accountPace.ts): Retry-After pauses, the learned rate and Max Requests per Second hold every
 * execution in the process that uses the same account.
 */
/** Time the requests of one run spent waiting for their turns at the account's pace. */
export interface TurnWaits {
	/** Requests that had to wait at all. */
	requests: number;
	totalMs: number;
	longestMs: number;
}

export class FlowControl {
	private window: number;
	private lastDecrease = 0;
	private roundTripMs = 100;
	private slowStart = true;
	private readonly waits: TurnWaits = { requests: 0, totalMs: 0, longestMs: 0 };

	constructor(
		private readonly settings: FlowSettings,
		private readonly account: AccountPace,
		private readonly signal?: AbortSignal,
	) {
		this.window = Math.min(
			settings.maxConcurrency,
			Math.max(2, Math.ceil(settings.maxConcurrency / 2)),
		);
	}

	/** How many requests may be in flight now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.window));
	}

	/**
	 * Waits for this request's turn at the account's pace; throws NoTurnError when it gets none
	 * (a Retry-After pause longer than `maxPauseMs`, no turn within Max Wait for a Turn, cancelled).
	 */
	awaitTurn(maxPauseMs: number, firstAskedAt: number): Promise<void> {
		return this.account.takeTurn({
			maxWaitMs: this.settings.maxTurnWaitMs,
			maxPauseMs,
			firstAskedAt,
			signal: this.signal,
			onWaited: (waitedMs) => {
				this.waits.requests++;
				this.waits.totalMs += waitedMs;
				this.waits.longestMs = Math.max(this.waits.longestMs, waitedMs);
			},
		});
	}

	/** How long this run's requests waited for their turns, for the run's execution hints. */
	get turnWaits(): TurnWaits {
		return { ...this.waits };
	}

	/** Plivo answered (anything but 429): widen the window a little. */
	onAnswered(roundTripMs: number): void {
		this.account.onAnswered();
		this.roundTripMs = this.roundTripMs * 0.8 + roundTripMs * 0.2;
		const growth = this.slowStart ? 1 : 1 / this.window;
		this.window = Math.min(this.settings.maxConcurrency, this.window + growth);
	}

	/** A 429: halve the window (once per round trip); the account pauses and learns its pace. */
	onThrottled(waitMs: number, roundTripMs: number): void {
		const now = Date.now();
		this.slowStart = false;
		if (now - this.lastDecrease > Math.max(this.roundTripMs, 50)) {
			this.window = Math.max(1, this.window / 2);
			this.lastDecrease = now;
		}
		this.account.onThrottled(waitMs, roundTripMs);
	}

	/**
	 * Runs `work` for each index with at most `limit` in flight, starting them in order; stops
	 * starting new ones once `stop()` is true and resolves when those in flight have finished.
	 * `work` must not reject: each item records its own result or error.
	 */
	async forEach(
		indexes: number[],
		work: (index: number) => Promise<void>,
		stop: () => boolean,
	): Promise<void> {
		let next = 0;
		let inFlight = 0;
		// The run's Max Requests per Second and Max Retry Wait hold the account while the run sends.
		const { maxRequestsPerSecond, maxRetryWaitMs } = this.settings;
		const leave = this.account.join(maxRequestsPerSecond, maxRetryWaitMs);
		try {
			await new Promise<void>((resolve) => {
				const pump = () => {
					while (inFlight < this.limit && next < indexes.length && !stop()) {
						inFlight++;
						void work(indexes[next++]).finally(() => {
							inFlight--;
							pump();
						});
					}
					if (inFlight === 0 && (next >= indexes.length || stop())) resolve();
				};
				pump();
			});
		} finally {
			leave();
		}
	}
}
