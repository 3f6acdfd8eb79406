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
 * - the window of requests in flight starts at half the ceiling and doubles each round trip until
 *   the first 429 (slow start), then grows by about one per round trip while Plivo answers and
 *   halves (at most once per round trip) when Plivo answers 429 — additive increase,
 *   multiplicative decrease;
 * - a Retry-After pauses every new request until it has passed;
 * - after a 429, requests are also spaced at just under the rate Plivo was accepting (the answers
 *   of the last second), so a long run settles below the limit instead of bursting into it and
 *   losing a Retry-After pause each time; that pace rises slowly while Plivo keeps answering;
 * - an optional requests-per-second ceiling spaces requests evenly.
 */
const MIN_ANSWERS_FOR_RATE = 5;

export class FlowControl {
	private window: number;
	private pausedUntil = 0;
	private nextSlot = 0;
	private lastDecrease = 0;
	private roundTripMs = 100;
	private slowStart = true;
	/** Requests per second learned from 429s (0 until the first one). */
	private learnedRate = 0;
	private lastRateCut = 0;
	/** When each answer of the last second came back. */
	private answeredAt: number[] = [];

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
		const perSecond = this.pace;
		if (perSecond > 0) {
			const slot = Math.max(now + wait, this.nextSlot);
			this.nextSlot = slot + 1000 / perSecond;
			wait = slot - now;
		}
		if (wait > 0) await sleep(wait, this.signal);
	}

	/** Requests per second to space requests at: the user's ceiling or the learned rate (0 = none). */
	get pace(): number {
		const ceiling = this.settings.maxRequestsPerSecond;
		const rates = [ceiling, this.learnedRate].filter((rate) => rate > 0);
		return rates.length ? Math.min(...rates) : 0;
	}

	/** Plivo answered (anything but 429): widen the window a little, and probe a higher pace. */
	onAnswered(roundTripMs: number): void {
		const now = Date.now();
		this.answeredAt.push(now);
		this.answersInSecondBefore(now);
		this.roundTripMs = this.roundTripMs * 0.8 + roundTripMs * 0.2;
		const growth = this.slowStart ? 1 : 1 / this.window;
		this.window = Math.min(this.settings.maxConcurrency, this.window + growth);
		// About +1 request/s every 10 s: slow enough not to run straight back into the limit.
		if (this.learnedRate > 0) this.learnedRate += 0.1 / this.learnedRate;
	}

	/** A 429: halve the window (once per round trip), pause everyone, learn the pace. */
	onThrottled(waitMs: number): void {
		const now = Date.now();
		this.slowStart = false;
		if (now - this.lastDecrease > Math.max(this.roundTripMs, 50)) {
			this.window = Math.max(1, this.window / 2);
			this.lastDecrease = now;
		}
		this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
		// Plivo was accepting the answers of the last second; too few of them say nothing of a rate.
		const accepted = this.answersInSecondBefore(now);
		if (accepted >= MIN_ANSWERS_FOR_RATE && now - this.lastRateCut >= 1000) {
			this.learnedRate = accepted * 0.95;
			this.lastRateCut = now;
		}
	}

	/** How many answers came back in the second before `now`; older ones are forgotten. */
	private answersInSecondBefore(now: number): number {
		const firstRecent = this.answeredAt.findIndex((at) => at > now - 1000);
		this.answeredAt.splice(0, firstRecent < 0 ? this.answeredAt.length : firstRecent);
		return this.answeredAt.length;
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
