/** Answers needed before a count says anything about a rate. */
const MIN_ANSWERS_FOR_RATE = 5;
/** How far back answers are counted to measure the rate Plivo was accepting. */
const RATE_WINDOW_MS = 5000;
/** Accepted below this share of the pace: another process took part of the limit. */
const SHARE_LOST = 0.85;
/** After a cut the pace starts at this share of the rate that met the 429… */
const CUT = 0.97;
/** …is back at that rate this long after the cut, and only then probes above it, faster and faster. */
const RECOVERY_MS = 15_000;

/**
 * The requests per second Plivo accepts from this process for one account, learned from 429s.
 * The first 429 sets the pace just under the rate of answers Plivo was accepting. A later one cuts
 * it to just under the pace that met it, or, when clearly fewer answers came back than the pace
 * sent (another n8n process on the account took a share), to just under what was accepted: so
 * several processes each learn about their share and together settle below the limit. The pace
 * then climbs back on a cubic curve (as TCP CUBIC does): flat near the rate that met the 429, faster
 * beyond it, so a steady run meets the limit only about every RECOVERY_MS, and a share another
 * process frees is taken up again.
 */
export class LearnedRate {
	/** When each answer of the last RATE_WINDOW_MS came back. */
	private answeredAt: number[] = [];
	/** The rate that met the last 429 (0: none yet). */
	private knee = 0;
	private cutAt = 0;
	/** Answers before this are not counted: the start of traffic, or the end of the last cut's pause. */
	private measureFrom: number;

	constructor(now: number) {
		this.measureFrom = now;
	}

	/** Requests per second to space requests at; 0 until the first 429. */
	at(now: number): number {
		if (this.knee === 0) return 0;
		const sinceCut = Math.max(0, now - this.cutAt) / RECOVERY_MS;
		return this.knee * (CUT + (1 - CUT) * sinceCut ** 3);
	}

	onAnswered(now: number): void {
		this.answeredAt.push(now);
		this.forget(now);
	}

	/** A 429 at `now`, with a pause until `pausedUntil`: cut the pace, at most once a second. */
	onThrottled(now: number, pausedUntil: number): void {
		if (this.knee > 0 && now - this.cutAt < 1000) return;
		this.forget(now);
		const measured = this.acceptedRate(now);
		if (measured === undefined) return;
		const current = this.at(now);
		this.knee = current > 0 && measured > SHARE_LOST * current ? current : measured;
		this.cutAt = now;
		// The pause that follows is Plivo's, not a slow stretch of ours: do not count it.
		this.measureFrom = Math.max(now, pausedUntil);
	}

	/**
	 * Answers per second Plivo accepted before a 429, over the shortest recent span (1 s, 2 s, …
	 * up to RATE_WINDOW_MS, not before `measureFrom`) that holds enough answers: Plivo's limit counts
	 * the last second, and a process getting a small share needs a few seconds to say anything.
	 * Undefined: too few answers to say.
	 */
	private acceptedRate(now: number): number | undefined {
		for (let span = 1000; span <= RATE_WINDOW_MS; span += 1000) {
			const from = Math.max(now - span, this.measureFrom);
			const accepted = this.answeredAt.filter((at) => at >= from).length;
			if (accepted >= MIN_ANSWERS_FOR_RATE) return (accepted * 1000) / Math.max(1000, now - from);
		}
		return undefined;
	}

	private forget(now: number): void {
		const firstRecent = this.answeredAt.findIndex((at) => at > now - RATE_WINDOW_MS);
		this.answeredAt.splice(0, firstRecent < 0 ? this.answeredAt.length : firstRecent);
	}
}
