/** What a request asks of the account's pace, and why it may get no turn. */

/** Why a request got no turn; it was never sent. */
export type NoTurnReason =
	| 'pause' // Plivo asked the account to wait longer than this request's Max Retry Wait
	| 'queue' // no turn within Max Wait for a Turn
	| 'cancelled'; // the execution was cancelled while waiting

export class NoTurnError extends Error {
	constructor(
		readonly reason: NoTurnReason,
		/** For 'pause': the pause left; otherwise how long the request waited in line. */
		readonly waitMs: number,
	) {
		super(`No turn to send (${reason})`);
		this.name = 'NoTurnError';
	}
}

export interface TurnLimits {
	/** Longest time in line (Max Wait for a Turn). */
	maxWaitMs: number;
	/** Longest Retry-After pause this request waits out (Max Retry Wait); a longer one fails it. */
	maxPauseMs: number;
	/**
	 * When the request first asked for a turn. The line is in this order, so a request sent again
	 * after a 429 goes back ahead of those that asked after it: in a storm the same request is not
	 * refused again and again until its Max Retries run out.
	 */
	firstAskedAt?: number;
	/** The execution's cancel signal: cancelling gives up the place in line at once. */
	signal?: AbortSignal;
	/** Told how long a request that had to wait in line waited, as it gets its turn. */
	onWaited?: (waitedMs: number) => void;
}

/** A request waiting in the account's line. */
export interface Waiter {
	limits: TurnLimits;
	/** When it joined the line (Max Wait for a Turn counts from here). */
	since: number;
	/** Its place in line: when the request first asked (see TurnLimits.firstAskedAt). */
	order: number;
	settle(error?: NoTurnError): void;
}

/** What a run using the account holds it to, while it runs. */
export interface RunLimits {
	/** Max Requests per Second (0 = none). */
	maxRequestsPerSecond: number;
	/** Max Retry Wait: no Retry-After pauses the account longer than the longest of these. */
	maxPauseMs: number;
}
