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
/** Otherwise a cut takes one turn off the pace, or this share of it when that is more. */
const CUT = 0.97;
/** After a cut the pace holds this long, then tries more (a narrower window, or a turn)… */
const FIRST_TRY_MS = 10_000;
/**
 * …each try that meets no 429 makes the next twice as large (up to a quarter of the pace: a try
 * of 2 at 4 turns that fails would lose the 1 that holds) and its wait half as long, down to this…
 */
const MIN_TRY_MS = 2500;
/** …and a try that meets one is taken back, and the next waits twice as long, up to this. */
const MAX_TRY_MS = 40_000;
/**
 * The learned turns are given in a window this long: a little over Plivo's second, so that requests
 * a busy event loop or the network delays unevenly still arrive within the limit…
 */
const TURN_WINDOW_MS = 1050;
/**
 * …and a lone 429 (no try of this process met it) widens it by this much, up to LONGEST_WINDOW_MS:
 * on a loaded machine the delays can differ by more than that margin, and each 429 pauses the
 * process for a second, while a wider window costs a twentieth of the pace. Tries narrow it first.
 */
const WIDEN_MS = 50;
const LONGEST_WINDOW_MS = 1200;
/** A second lone 429 this soon after the first takes a turn off instead. */
const SECOND_429_MS = 10_000;

/**
 * The requests per second Plivo accepts from this process for one account, learned from 429s, as
 * a whole number of turns in a window a little over a second (below one a second, a fraction).
 * Whole turns are what let processes share a limit: two queue-mode workers at 3 and 2 turns never
 * send Plivo more than 5 in a second whatever the phase of their requests, while two at 2.5 a
 * second each do now and then, and every 429 pauses a process for a second.
 *
 * The first 429 sets the pace to the answers Plivo was accepting. Without a 429 the pace tries more
 * FIRST_TRY_MS after its last change: a narrower window while it is wider than TURN_WINDOW_MS,
 * then one turn, and after each try that holds twice as many turns (up to a quarter of the pace)
 * twice as soon, so a share another process frees, or a limit that was raised, is taken up in
 * seconds. A later 429 takes back this process's last try when it met it (and the next try waits
 * twice as long), or cuts toward what was accepted when that was clearly less than the pace
 * (another process took a share). Any other 429 came after no try of ours: most likely another
 * process's try, or requests that left evenly and arrived bunched on a loaded machine. It widens
 * the window a little, so that the process that tried meets the next 429 and takes its try back
 * and the shares stay even; a second such 429 within SECOND_429_MS takes a turn off.
 */
export class LearnedRate {
	/** When each answer of the last RATE_WINDOW_MS came back. */
	private answeredAt: number[] = [];
	/** Turns a window, or below one a fraction a second (0: no 429 yet). */
	private turns = 0;
	/** The window the turns are given in. */
	private windowMs = TURN_WINDOW_MS;
	/** When the pace last changed (a cut or a try). */
	private changedAt = 0;
	/** The pace before the last change when it was a try (undefined: it was a cut). */
	private tried?: { turns: number; windowMs: number };
	/** Turns the last try added. */
	private tryStep = 1;
	/** After a cut, the wait before the next try; after a try, the wait before it (the next is half). */
	private tryWaitMs = FIRST_TRY_MS;
	/** When the last 429 that counted came: the next counts a second later. */
	private cutAt = 0;
	/** When a lone 429 came that only widened the window (-Infinity: none since the last change). */
	private lone429At = -Infinity;
	/** Answers before this are not counted: the start of traffic, or the end of the last cut's pause. */
	private measureFrom: number;

	constructor(now: number) {
		this.measureFrom = now;
	}

	/**
	 * The pace as whole turns in a window, or below one a second one turn in a longer window;
	 * undefined until the first 429. A read: it changes nothing (tries happen at answers).
	 */
	get pace(): { turns: number; windowMs: number } | undefined {
		if (this.turns === 0) return undefined;
		const turns = Math.max(1, Math.floor(this.turns));
		return { turns, windowMs: Math.max(this.windowMs, (1000 * turns) / this.turns) };
	}

	onAnswered(now: number): void {
		this.answeredAt.push(now);
		this.forget(now);
		this.tryMore(now);
	}

	/** Without a 429 for the wait since the last change, and in use, tries more (see above). */
	private tryMore(now: number): void {
		if (this.turns === 0) return;
		// A try of a turn that held makes the next sooner and larger; a narrower window does not.
		const lastTryHeld = this.tried !== undefined && this.tried.turns < this.turns;
		const waitMs = lastTryHeld ? Math.max(MIN_TRY_MS, this.tryWaitMs / 2) : this.tryWaitMs;
		if (now - this.changedAt < waitMs) return;
		if (this.inUse()) {
			this.tried = { turns: this.turns, windowMs: this.windowMs };
			this.tryWaitMs = waitMs;
			if (this.windowMs > TURN_WINDOW_MS) {
				this.windowMs = Math.max(TURN_WINDOW_MS, this.windowMs - WIDEN_MS);
			} else {
				this.tryStep = lastTryHeld
					? Math.min(this.tryStep * 2, Math.max(1, Math.floor(this.turns / 4)))
					: 1;
				this.turns = this.turns < 1 ? Math.min(1, this.turns * 1.5) : this.turns + this.tryStep;
			}
		} else {
			// A pace not in use says nothing about a turn more: it holds, and once in use again tries
			// after the first wait, since what its last tries met is old by then.
			this.tried = undefined;
			this.tryWaitMs = FIRST_TRY_MS;
		}
		this.changedAt = now;
	}

	/**
	 * A 429 at `now` for a request sent at `sentAt`, with a pause until `pausedUntil`. At most one
	 * cut a second, and none for a request that left before the last cut: it says nothing of the
	 * pace since.
	 */
	onThrottled(now: number, pausedUntil: number, sentAt: number): void {
		if (this.turns > 0 && (now - this.cutAt < 1000 || sentAt < this.cutAt)) return;
		this.forget(now);
		const measured = this.acceptedRate(now);
		const current = this.turns;
		const shareLost = measured !== undefined && measured < SHARE_LOST * current;
		let lone = false;
		if (current === 0) {
			if (measured === undefined) return;
			this.turns = whole(measured);
		} else if (this.tried && sentAt >= this.changedAt) {
			this.tryWaitMs = Math.min(MAX_TRY_MS, this.tryWaitMs * 2);
			this.windowMs = this.tried.windowMs;
			this.turns = shareLost
				? Math.min(this.tried.turns, shareCut(measured, current))
				: this.tried.turns;
		} else if (shareLost || now - this.lone429At < SECOND_429_MS) {
			// A turn off says what the widened window was meant to: the window starts over.
			this.turns = shareLost ? shareCut(measured, current) : oneLess(current);
			this.windowMs = TURN_WINDOW_MS;
		} else {
			this.windowMs = Math.min(LONGEST_WINDOW_MS, this.windowMs + WIDEN_MS);
			lone = true;
		}
		this.lone429At = lone ? now : -Infinity;
		this.tried = undefined;
		this.changedAt = now;
		this.pausedBy(now, pausedUntil);
	}

	private pausedBy(now: number, pausedUntil: number): void {
		this.cutAt = now;
		// The pause that follows is Plivo's, not a slow stretch of ours: do not count it.
		this.measureFrom = Math.max(now, pausedUntil);
	}

	/** Answers came at half the pace or more in the last RATE_WINDOW_MS. */
	private inUse(): boolean {
		return this.answeredAt.length >= (this.turns * RATE_WINDOW_MS) / 2000;
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

/** A rate as turns a second: a whole number from one up, a fraction below. */
function whole(rate: number): number {
	return rate < 1 ? rate : Math.round(rate);
}

/** One turn a second less (a share of a large pace), or a fifth less below two. */
function oneLess(turns: number): number {
	return turns < 2 ? turns * SHARE_CUT : Math.floor(Math.min(turns - 1, turns * CUT));
}

/** Toward what was accepted, by at most a fifth, and by at least what oneLess takes. */
function shareCut(measured: number | undefined, turns: number): number {
	return Math.min(oneLess(turns), whole(Math.max(measured ?? 0, SHARE_CUT * turns)));
}
