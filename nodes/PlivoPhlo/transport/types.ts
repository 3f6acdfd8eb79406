import type { IDataObject } from 'n8n-workflow';

import type { Redactor } from './redact';
import type { RepeatPolicy, RetryBudget, TransportFault } from './retryPolicy';

export interface PhloRequest {
	method: 'GET' | 'POST';
	/** Path under the API root, built only from validated values. */
	path: string;
	/** `account`: the path sits under /account/{Auth ID} (Run PHLO); the transport adds it. */
	scope?: 'account';
	body?: IDataObject;
	repeat: RepeatPolicy;
}

export interface RequestSettings extends RetryBudget {
	timeoutMs: number;
}

/**
 * What the send loop asks of flow control, and all it tells it: wait for a turn, then report
 * each answer. Kept this small so a pacer shared by every run on one account can stand in.
 */
export interface Pacer {
	/**
	 * Resolves at this request's turn; rejects with a NoTurnError when it gets none. `firstAskedAt`:
	 * when the request first asked, so one sent again after a 429 keeps its place in line.
	 */
	awaitTurn(maxPauseMs: number, firstAskedAt: number): Promise<void>;
	/** Plivo answered (anything but 429) after `roundTripMs`. */
	onAnswered(roundTripMs: number): void;
	/** Plivo answered 429 after `roundTripMs` and the next try waits `waitMs`. */
	onThrottled(waitMs: number, roundTripMs: number): void;
}

/** What one run of the node needs to talk to Plivo: shared by all its items. */
export interface Connection {
	/** API root, e.g. https://phlorunner.plivo.com/v1 */
	apiRoot: string;
	/** The credential's Auth ID, trimmed; checked before it becomes part of a path. */
	authId: string;
	redact: Redactor;
	settings: RequestSettings;
	pacer: Pacer;
	signal?: AbortSignal;
	/** True once the run stops on a failed item: no further request may go out. */
	stopped?: () => boolean;
}

export interface Answer {
	status: number;
	headers: Record<string, unknown>;
	/** The body as text, at most MAX_ANSWER_BYTES of it. */
	text: string;
	/** The body was longer than MAX_ANSWER_BYTES and was cut off unread. */
	oversized?: boolean;
}

/** What one send brought back, and how long it took. */
export type Attempt =
	| { kind: 'answer'; answer: Answer; elapsedMs: number }
	| { kind: 'fault'; fault: TransportFault; elapsedMs: number };
