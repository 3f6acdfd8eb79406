/** Answers needed before a count says anything about a rate. */
const MIN_ANSWERS_FOR_RATE = 5;
/** How far back answers are counted to measure the rate Plivo was accepting. */
const RATE_WINDOW_MS = 5000;
/** Accepted below this share of the pace: another process took part of the limit. */
const SHARE_LOST = 0.85;
/**
 * …then the pace is cut to what was accepted, but to no less than this share of itself at once:
 * a process also gets fewer answers when it has less to send (executions still arriving), so what
 * it was accepted can be far under its share. Repeated 429s (one cut a second) still bring it down.
 */
const SHARE_CUT = 0.8;
/** After a cut the pace starts at this share of the rate that met the 429… */
const CUT = 0.97;
/** …is back at that rate this long after the cut, and only then probes above it, faster and faster. */
const RECOVERY_MS = 15_000;

/**
 * The requests per second Plivo accepts from this process for one account, learned from 429s.
 * The first 429 sets the pace just under the rate of answers Plivo was accepting. A later one cuts
 * it to just under the pace that met it, or, when clearly fewer answers came back than the pace
 * sent (another n8n process on the account took a share), toward what was accepted, by at most a
 * fifth at once: so several processes each learn about their share and together settle below the
 * limit. The pace
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
		if (current === 0) this.knee = measured;
		else if (measured > SHARE_LOST * current) this.knee = current;
		else this.knee = Math.max(measured, SHARE_CUT * current);
		this.cutAt = now;
		// The pause that follows is Plivo's, not a slow stretch of ours: do not count it.
		this.measureFrom = Math.max(now, pausedUntil);
	}

	/**
	 * Answers per second Plivo accepted before a 429, from the answers since `measureFrom` in the
	 * last RATE_WINDOW_MS. Plivo's limit counts the last second: when it holds enough answers,
	 * their count is the rate. Fewer a second (a process getting a small share): the spacing of the
	 * last few answers, which reads 2 a second as 2 whatever the phase (a count over whole seconds
	 * can read it as 1.67) and ignores a slow start before them. Undefined: too few answers to say.
	 */
	private acceptedRate(now: number): number | undefined {
		const recent = this.answeredAt.filter((at) => at >= this.measureFrom);
		const lastSecond = recent.filter((at) => at > now - 1000).length;
		if (lastSecond >= MIN_ANSWERS_FOR_RATE) return lastSecond;
		if (recent.length < MIN_ANSWERS_FOR_RATE) return undefined;
		const last = recent.slice(-MIN_ANSWERS_FOR_RATE);
		// Fewer than MIN_ANSWERS_FOR_RATE in the last second: below that many a second.
		const spanMs = Math.max(last.at(-1)! - last[0], 1000 * (1 - 1 / MIN_ANSWERS_FOR_RATE));
		return ((MIN_ANSWERS_FOR_RATE - 1) * 1000) / spanMs;
	}

	private forget(now: number): void {
		const firstRecent = this.answeredAt.findIndex((at) => at > now - RATE_WINDOW_MS);
		this.answeredAt.splice(0, firstRecent < 0 ? this.answeredAt.length : firstRecent);
	}
}
