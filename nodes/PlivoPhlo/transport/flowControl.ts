import { sleep } from 'n8n-workflow';

export interface FlowSettings {
	/** Upper bound on requests in flight at once. */
	maxConcurrency: number;
	/** Optional ceiling in requests per second for the whole run (0 = none). */
	maxRequestsPerSecond: number;
}

/**
 * Shared by every request of one node run. Plivo's limits are per account, so a 429 on one
 * request slows all of them:
 * - the window of requests in flight grows by about one per round trip while Plivo answers, and
 *   halves (at most once per round trip) when Plivo answers 429 — additive increase,
 *   multiplicative decrease;
 * - a Retry-After pauses every new request until it has passed;
 * - an optional requests-per-second ceiling spaces requests evenly.
 */
export class FlowControl {
	private window: number;
	private pausedUntil = 0;
	private nextSlot = 0;
	private lastDecrease = 0;
	private roundTripMs = 100;

	constructor(
		private readonly settings: FlowSettings,
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

	/** Waits until a request may be sent: after any Retry-After pause and within the rate ceiling. */
	async awaitTurn(): Promise<void> {
		const now = Date.now();
		let wait = Math.max(0, this.pausedUntil - now);
		const perSecond = this.settings.maxRequestsPerSecond;
		if (perSecond > 0) {
			const slot = Math.max(now + wait, this.nextSlot);
			this.nextSlot = slot + 1000 / perSecond;
			wait = slot - now;
		}
		if (wait > 0) await sleep(wait, this.signal);
	}

	/** Plivo answered (anything but 429): widen the window a little. */
	onAnswered(roundTripMs: number): void {
		this.roundTripMs = this.roundTripMs * 0.8 + roundTripMs * 0.2;
		this.window = Math.min(this.settings.maxConcurrency, this.window + 1 / this.window);
	}

	/** Plivo answered 429: halve the window once per round trip and pause everyone for the wait. */
	onThrottled(waitMs: number): void {
		const now = Date.now();
		if (now - this.lastDecrease > Math.max(this.roundTripMs, 50)) {
			this.window = Math.max(1, this.window / 2);
			this.lastDecrease = now;
		}
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
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
	}
}
