/**
 * Plivo's per-account rate limit, as the simulator plays it, in the kinds of limit an account may
 * meet (the node's pace must hold under each without being tuned to one):
 * - `sliding`: at most perSecond × windowSeconds accepted in any window of windowSeconds (1 s by
 *   default; e.g. 25 in any 5 s); the 429's Retry-After is the wait until the oldest ages out;
 * - `fixed`: at most perSecond in each wall-clock second (counts reset on the second); Retry-After 1;
 * - `bucket`: a token bucket refilled at perSecond, holding at most `burst`; its 429s carry no
 *   Retry-After.
 * `retryAfter` (seconds) replaces the header's value for any kind. Each account has its own count;
 * a limit with an `authId` holds that account only, and is kept until every limit is lifted.
 */
import { failure, STATUS_TEXT, type Answer } from './answers';

export type RateLimitKind = 'sliding' | 'fixed' | 'bucket';
export const RATE_LIMIT_KINDS: RateLimitKind[] = ['sliding', 'fixed', 'bucket'];

export interface RateLimit {
	perSecond: number;
	kind?: RateLimitKind;
	/** `sliding`: the window's length in seconds (default 1). */
	windowSeconds?: number;
	/** `bucket`: the most tokens it holds (default perSecond). */
	burst?: number;
	/** Retry-After in seconds on every 429, whatever the kind. */
	retryAfter?: number;
	/** Only this account (Auth ID); otherwise every account without a limit of its own. */
	authId?: string;
}

/** What one account's limit has counted. */
interface Count {
	/** `sliding`: when the requests in the window were accepted, oldest first. */
	accepted: number[];
	/** `fixed`: the wall-clock second counted and how many it accepted. */
	second: number;
	inSecond: number;
	/** `bucket`: tokens left when last counted, and when. */
	tokens: number;
	at: number;
}

export class RateLimiter {
	private all: RateLimit | null = null;
	private readonly own = new Map<string, RateLimit>();
	private readonly counts = new Map<string, Count>();

	/** Sets the limit (for every account, or the one named); null lifts every limit. */
	set(limit: RateLimit | null): void {
		this.counts.clear();
		if (limit === null) {
			this.all = null;
			this.own.clear();
		} else if (limit.authId !== undefined) this.own.set(limit.authId, limit);
		else this.all = limit;
	}

	/** The limit every account without one of its own is held to (null: none). */
	get limit(): RateLimit | null {
		return this.all;
	}

	/** Takes a place in the account's limit, or answers the 429 Plivo would. */
	check(authId: string, now = Date.now()): Answer | undefined {
		const limit = this.own.get(authId) ?? this.all;
		if (!limit) return undefined;
		let count = this.counts.get(authId);
		if (!count) {
			count = {
				accepted: [],
				second: 0,
				inSecond: 0,
				tokens: limit.burst ?? limit.perSecond,
				at: now,
			};
			this.counts.set(authId, count);
		}
		const waitSeconds = refusal(limit, count, now);
		if (waitSeconds === undefined) return undefined;
		const retryAfter = limit.retryAfter ?? waitSeconds;
		const headers: Record<string, string> =
			retryAfter === null ? {} : { 'Retry-After': String(retryAfter) };
		return { ...failure(429, STATUS_TEXT[429]), headers };
	}
}

/** Undefined when the request is accepted (and counted); else the Retry-After, null for none. */
function refusal(limit: RateLimit, count: Count, now: number): number | null | undefined {
	switch (limit.kind ?? 'sliding') {
		case 'fixed': {
			const second = Math.floor(now / 1000);
			if (second !== count.second) [count.second, count.inSecond] = [second, 0];
			if (count.inSecond < limit.perSecond) return void count.inSecond++;
			return 1;
		}
		case 'bucket': {
			const burst = limit.burst ?? limit.perSecond;
			count.tokens = Math.min(burst, count.tokens + ((now - count.at) / 1000) * limit.perSecond);
			count.at = now;
			if (count.tokens >= 1) return void count.tokens--;
			return null;
		}
		default: {
			const windowMs = 1000 * (limit.windowSeconds ?? 1);
			const { accepted } = count;
			let expired = 0;
			while (expired < accepted.length && now - accepted[expired] >= windowMs) expired++;
			accepted.splice(0, expired);
			if (accepted.length < limit.perSecond * (windowMs / 1000)) return void accepted.push(now);
			return Math.max(1, Math.ceil((windowMs - (now - accepted[0])) / 1000));
		}
	}
}

/** The limit an admin request's JSON body asks for (`PUT /__sim/rate-limit`); null lifts it. */
export function rateLimitFromJson(body: Record<string, unknown>): RateLimit | null {
	const { perSecond, kind, windowSeconds, burst, retryAfter, authId } = body;
	if (typeof perSecond !== 'number') return null;
	if (kind !== undefined && !RATE_LIMIT_KINDS.includes(kind as RateLimitKind)) {
		throw new Error(`kind must be one of ${RATE_LIMIT_KINDS.join(', ')}`);
	}
	const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
	return {
		perSecond,
		kind: kind as RateLimitKind | undefined,
		windowSeconds: number(windowSeconds),
		burst: number(burst),
		retryAfter: number(retryAfter),
		authId: typeof authId === 'string' ? authId : undefined,
	};
}
