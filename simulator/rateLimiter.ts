/**
 * Plivo's per-account rate limit, as the simulator plays it: for each account a sliding one-second
 * window of accepted requests; beyond N in the window, 429 with Retry-After until the oldest ages out.
 */
import { failure, STATUS_TEXT, type Answer } from './answers';

export class RateLimiter {
	private perSecond: number | null = null;
	/** Auth ID → times of the requests accepted in the last second, oldest first. */
	private accepted = new Map<string, number[]>();

	/** N requests a second for each account; null lifts the limit. */
	set(limit: { perSecond: number } | null): void {
		this.perSecond = limit?.perSecond ?? null;
		this.accepted.clear();
	}

	get limit(): { perSecond: number } | null {
		return this.perSecond === null ? null : { perSecond: this.perSecond };
	}

	/** Takes a place in the account's window, or answers the 429 Plivo would. */
	check(authId: string, now = Date.now()): Answer | undefined {
		if (this.perSecond === null) return undefined;
		let window = this.accepted.get(authId);
		if (!window) this.accepted.set(authId, (window = []));
		let expired = 0;
		while (expired < window.length && now - window[expired] >= 1000) expired++;
		if (expired > 0) window.splice(0, expired);
		if (window.length < this.perSecond) {
			window.push(now);
			return undefined;
		}
		const wait = Math.max(1, Math.ceil((1000 - (now - window[0])) / 1000));
		return { ...failure(429, STATUS_TEXT[429]), headers: { 'Retry-After': String(wait) } };
	}
}
