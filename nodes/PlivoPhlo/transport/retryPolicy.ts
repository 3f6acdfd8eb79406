/**
 * The retry policy, pure: given how a request may be repeated, what one try brought back and the
 * budget left, it decides whether to send again (and after how long) or to stop, and why. No I/O,
 * no clock of its own: the send loop feeds it and acts on its decision.
 */

/**
 * How a request may be repeated after a fault, by what a second send could do to a live call:
 * - `read`: a GET; repeating it changes nothing.
 * - `sameState`: the action sets a state, so a second send leaves the call as the first did
 *   (hold, unhold, hang up).
 * - `once`: places, moves, drops or plays something (add member, transfers, voicemail drop, run
 *   PHLO) or ends a transfer that a later one could have replaced (abort, resume): sent again
 *   only when Plivo said it did not process it (429) or the connection was refused before any
 *   byte was sent.
 */
export type RepeatPolicy = 'read' | 'sameState' | 'once';

/** How a try failed without an answer. */
export type TransportFault = 'timeout' | 'refused' | 'reset' | 'network' | 'cancelled';

/** What one try brought back, as far as the decision goes. */
export type Outcome =
	| { kind: 'answer'; status: number; retryAfter?: unknown }
	| { kind: 'fault'; fault: TransportFault };

/** A try that may have been applied by Plivo: a fault after the request left, or a 5xx. */
export type UnsureTry = { fault: TransportFault } | { status: number };

export interface RetryBudget {
	/** Re-sends allowed after a 429 (and, where safe, after a temporary fault). */
	maxRetries: number;
	/** Upper bound on the total time spent waiting between tries. */
	maxRetryWaitMs: number;
}

/** Where the request stands before this try's outcome is weighed. */
export interface RetryState {
	/** Re-sends made so far. */
	retries: number;
	/** Time already spent waiting between tries. */
	waitedMs: number;
	/** The last earlier try that left open whether Plivo acted on it. */
	unsureTry?: UnsureTry;
}

/**
 * - `answered`: hand the answer to the answer reader (success, or Plivo's refusal);
 * - `rateLimited`: 429s beyond the budget; `waitMs` is the wait Plivo asked for next;
 * - `fault`: a fault that may not, or may no longer, be retried;
 * - `cancelled`: the execution was cancelled.
 */
export type StopReason = 'answered' | 'rateLimited' | 'fault' | 'cancelled';

export type Decision =
	| { action: 'retry'; waitMs: number; unsureTry?: UnsureTry }
	| { action: 'stop'; reason: StopReason; waitMs: number };

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

export function decide(
	repeat: RepeatPolicy,
	outcome: Outcome,
	state: RetryState,
	budget: RetryBudget,
	random: () => number = Math.random,
	now: number = Date.now(),
): Decision {
	const backoff = backoffMs(state.retries, random);
	const affordable = (waitMs: number) =>
		state.retries < budget.maxRetries && state.waitedMs + waitMs <= budget.maxRetryWaitMs;
	const stop = (reason: StopReason, waitMs = backoff): Decision => ({
		action: 'stop',
		reason,
		waitMs,
	});

	if (outcome.kind === 'fault') {
		if (outcome.fault === 'cancelled') return stop('cancelled', 0);
		// A refused connection never reached Plivo; anything else may have.
		const mayRepeat = outcome.fault === 'refused' || repeat !== 'once';
		if (!mayRepeat || !affordable(backoff)) return stop('fault');
		const unsureTry = outcome.fault === 'refused' ? undefined : { fault: outcome.fault };
		return { action: 'retry', waitMs: backoff, unsureTry };
	}
	if (outcome.status === 429) {
		// Plivo did not process it: every kind of request may be sent again.
		const waitMs = retryAfterMs(outcome.retryAfter, now) ?? backoff;
		return affordable(waitMs) ? { action: 'retry', waitMs } : stop('rateLimited', waitMs);
	}
	const transient = outcome.status >= 500 && repeat !== 'once';
	if (!transient || !affordable(backoff)) return stop('answered');
	return { action: 'retry', waitMs: backoff, unsureTry: { status: outcome.status } };
}

/** The state after acting on a `retry` decision. */
export function afterRetry(
	state: RetryState,
	decision: Extract<Decision, { action: 'retry' }>,
): RetryState {
	return {
		retries: state.retries + 1,
		waitedMs: state.waitedMs + decision.waitMs,
		unsureTry: decision.unsureTry ?? state.unsureTry,
	};
}

/** The longest wait a Retry-After is read as: anything longer is not a pause Plivo means. */
export const LONGEST_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
/** Seconds this large are a point in time (Unix epoch seconds): 1e9 s is 2001, as a wait 31 years. */
const EPOCH_SECONDS = 1e9;
/** …and this large, epoch milliseconds. */
const EPOCH_MILLISECONDS = 1e12;

/**
 * Retry-After as a wait in ms, at most LONGEST_RETRY_AFTER_MS: seconds, a point in time in epoch
 * seconds or milliseconds, or an HTTP date; undefined when absent or unreadable (NaN, Infinity).
 */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	let waitMs: number;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text); // 400 digits read as Infinity: a wait far past the cap
		if (number >= EPOCH_MILLISECONDS) waitMs = number - now;
		else if (number >= EPOCH_SECONDS) waitMs = number * 1000 - now;
		else waitMs = Math.round(number * 1000);
	} else {
		if (!/[a-z]/i.test(text)) return undefined;
		waitMs = Date.parse(text) - now;
		if (Number.isNaN(waitMs)) return undefined;
	}
	return Math.min(LONGEST_RETRY_AFTER_MS, Math.max(0, waitMs));
}

/** Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function backoffMs(retry: number, random = Math.random): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
