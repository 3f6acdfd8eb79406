/**
 * Nonces of signed requests seen lately, so that a captured request sent again is refused. Plivo's
 * nonce carries no time, so the only defence against a replay is to remember it: for REPLAY_WINDOW_MS
 * after first use, in this process only (several n8n main or webhook processes each keep their own).
 */

/** How long a nonce is remembered: longer than Plivo's retries of one callback take. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

/** Most nonces remembered at once (about 1.5 MB); 10,000 in 5 minutes is 33 signed requests a second. */
export const MAX_NONCES = 10_000;

export type NonceVerdict = 'new' | 'replay' | 'full';

export class NonceMemory {
	/** Nonce → when it was first seen; a Map keeps insertion order, so the oldest comes first. */
	private readonly seenAt = new Map<string, number>();

	constructor(
		private readonly windowMs = REPLAY_WINDOW_MS,
		private readonly capacity = MAX_NONCES,
	) {}

	/**
	 * Remembers a nonce and says whether it is new. A full memory forgets nothing still inside the
	 * window (that would let a replay of it pass): it answers 'full' and remembers nothing until
	 * the oldest nonce's window has passed.
	 */
	check(nonce: string, now: number): NonceVerdict {
		this.forgetOlderThan(now - this.windowMs);
		if (this.seenAt.has(nonce)) return 'replay';
		if (this.seenAt.size >= this.capacity) return 'full';
		this.seenAt.set(nonce, now);
		return 'new';
	}

	/** Forgets every nonce (tests start each case as a fresh process would). */
	clear(): void {
		this.seenAt.clear();
	}

	get size(): number {
		return this.seenAt.size;
	}

	private forgetOlderThan(cutoff: number): void {
		for (const [nonce, at] of this.seenAt) {
			if (at > cutoff) return;
			this.seenAt.delete(nonce);
		}
	}
}

/** One memory per process, shared by every Plivo PHLO Trigger in it (keys name the node). */
export const seenNonces = new NonceMemory();
