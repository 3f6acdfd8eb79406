/**
 * Every error the transport raises, worded in one place: Plivo's own text (scrubbed of the
 * credential), the status, what to check and whether the item is safe to run again. Never the
 * Auth Token, the Authorization header or the request options.
 */
import { NodeApiError, type INode } from 'n8n-workflow';

import { markHeldBack, markNotSent, markOutcomeUnknown } from './outcome';
import { NoTurnError, type NoTurnReason } from '../pace/accountPace';
import { serverText, type Redactor } from './redact';
import {
	LONGEST_RETRY_AFTER_MS,
	type RetryState,
	type TransportFault,
	type UnsureTry,
} from './retryPolicy';
import type { Answer, PhloRequest, RequestSettings } from './types';

const FAULT_WORDS: Record<TransportFault, string> = {
	timeout: 'a timeout',
	refused: 'a refused connection',
	reset: 'a dropped connection',
	network: 'a network error',
	cancelled: 'a cancellation',
};

const STATUS_HINTS: Record<number, string> = {
	400: 'Plivo refused the values sent. Check the fields of this item; for transfers the trigger source must be an agent on the call.',
	401: 'Check the Plivo PHLO API credential: the Auth ID and Auth Token must be a matching pair from the Plivo console.',
	403: 'Plivo refused access: PHLO may not be enabled for this account, or the account is not verified.',
	404: 'The PHLO or the Multi-Party Call node was not found, or the PHLO is not deployed. Check the IDs in the PHLO console.',
	405: 'Plivo does not allow this method on this path.',
	429: 'Plivo is rate-limiting this account.',
};

export const CHECK_THE_CALL = 'Check the call in the Plivo console before running this item again.';
const NOT_SENT = 'It was not sent, so it is safe to run this item again.';

export function statusHint(status: number): string {
	if (Object.hasOwn(STATUS_HINTS, status)) return STATUS_HINTS[status];
	if (status >= 500) return `Plivo had a temporary fault (${status}). Try again shortly.`;
	return `Plivo answered ${status}.`;
}

/** How an earlier try that may have been applied ended, in words. */
export function unsureWords(unsureTry: UnsureTry): string {
	return 'fault' in unsureTry ? FAULT_WORDS[unsureTry.fault] : `a fault (HTTP ${unsureTry.status})`;
}

export function describeUnreadable(answer: Answer): string {
	if (!answer.text.trim()) return 'with an empty body';
	const contentType = String(answer.headers['content-type'] ?? '');
	if (/html/i.test(contentType) || /^\s*</.test(answer.text))
		return 'with an HTML page instead of JSON';
	return 'with a body that is not JSON';
}

/**
 * An error carrying Plivo's answer. Its text is scrubbed of the credential first and only then
 * cut (serverText), so no part of a secret that straddles the cut survives.
 */
export function apiError(
	node: INode,
	redact: Redactor,
	answer: Answer,
	itemIndex: number,
	detail: { plivoText?: string; message?: string; hint?: string },
): NodeApiError {
	const plivoText = detail.plivoText ? serverText(redact, detail.plivoText) : undefined;
	const message =
		detail.message ??
		(plivoText
			? `Plivo: ${plivoText}`
			: `Plivo answered ${answer.status} ${describeUnreadable(answer)}`);
	const description = `${detail.hint ?? statusHint(answer.status)} (HTTP ${answer.status})`;
	const excerpt = serverText(redact, decodedJson(answer.text));
	return new NodeApiError(
		node,
		{ message, httpCode: String(answer.status), plivoError: plivoText ?? null, body: excerpt },
		{ message, description, httpCode: String(answer.status), itemIndex },
	);
}

/** JSON text with its escapes decoded (a secret written as \u escapes is then found), else as is. */
function decodedJson(text: string): string {
	try {
		return JSON.stringify(JSON.parse(text));
	} catch {
		return text;
	}
}

export function rateLimitError(
	node: INode,
	redact: Redactor,
	settings: RequestSettings,
	answer: Answer,
	itemIndex: number,
	{ retries, unsureTry }: RetryState,
	nextWaitMs: number,
): NodeApiError {
	const safe = unsureTry
		? `Plivo did not act on the last try. ${notSafeAgain(unsureTry)}`
		: 'Plivo did not act on it, so it is safe to run this item again.';
	const error = apiError(node, redact, answer, itemIndex, {
		message: 'Plivo rate limit: the request was not processed',
		hint: `Plivo answered the last of ${retries + 1} tries with 429 (too many requests) and asked to wait ${formatMs(nextWaitMs)} more; the node stops after ${settings.maxRetries} retries or ${formatMs(settings.maxRetryWaitMs)} of waiting. ${safe} Lower "Max Requests in Flight" or set "Max Requests per Second" in the node's options.`,
	});
	return unsureTry ? markOutcomeUnknown(error) : error;
}

export function faultError(
	node: INode,
	request: PhloRequest,
	{ fault, elapsedMs }: { fault: TransportFault; elapsedMs: number },
	settings: RequestSettings,
	itemIndex: number,
	retries: number,
): NodeApiError {
	const what: Record<TransportFault, string> = {
		timeout: `Plivo did not answer within ${formatMs(settings.timeoutMs)} (gave up after ${formatMs(elapsedMs)})`,
		refused: 'The connection to Plivo was refused',
		reset: `The connection to Plivo was dropped before an answer arrived (after ${formatMs(elapsedMs)})`,
		network: `The request to Plivo failed on the network (after ${formatMs(elapsedMs)})`,
		cancelled: 'The execution was cancelled',
	};
	const tried = retries ? ` after ${retries + 1} tries` : '';
	const unknown = request.repeat === 'once' && fault !== 'refused';
	const hint = unknown
		? `Outcome unknown: Plivo may already have acted on this request, so the node did not send it again. ${CHECK_THE_CALL}`
		: `The request could not be completed${tried}. It is safe to run this item again.`;
	const error = new NodeApiError(
		node,
		{ message: what[fault], code: fault },
		{ message: what[fault], description: hint, itemIndex },
	);
	return unknown ? markOutcomeUnknown(error) : error;
}

/** A request that got no turn from the account's pace was never sent. */
export function noTurnError(
	node: INode,
	error: unknown,
	settings: RequestSettings,
	itemIndex: number,
	state: RetryState,
): NodeApiError {
	if (!(error instanceof NoTurnError)) throw error;
	if (error.reason === 'cancelled') return waitCancelledError(node, itemIndex, state);
	const { unsureTry } = state;
	const again = unsureTry ? ' again' : '';
	const notSent = unsureTry ? notSafeAgain(unsureTry) : NOT_SENT;
	const text: Record<
		Exclude<NoTurnReason, 'cancelled'>,
		{ message: string; description: string }
	> = {
		pause: {
			message: `Plivo rate limit: the request was not sent${again}`,
			description: `Plivo asked this account to wait ${formatMs(error.waitMs)} (Retry-After), longer than Max Retry Wait (${formatMs(settings.maxRetryWaitMs)}). ${notSent}`,
		},
		queue: {
			message: `No turn to send within Max Wait for a Turn: the request was not sent${again}`,
			description: `Requests to this Plivo account from every running execution share one pace, and this item waited ${formatMs(error.waitMs)} in line. ${notSent} Raise "Max Wait for a Turn", or spread the work out.`,
		},
	};
	const { message, description } = text[error.reason];
	const made = new NodeApiError(node, { message }, { message, description, itemIndex });
	return unsureTry ? markOutcomeUnknown(made) : markNotSent(made);
}

/** Why an item whose earlier try may have been applied is not safe to run again. */
const notSafeAgain = (unsureTry: UnsureTry) =>
	`An earlier try ended in ${unsureWords(unsureTry)}, so Plivo may already have acted on it; it was not sent again. ${CHECK_THE_CALL}`;

/** The run stopped on another item before this one's (next) try went out. */
export function runStoppedError(
	node: INode,
	itemIndex: number,
	unsureTry: UnsureTry | undefined,
): NodeApiError {
	const message = 'Not sent: the run stopped on another item';
	const description = unsureTry
		? `An earlier try of this request ended in ${unsureWords(unsureTry)} and may have been applied; it was not sent again.`
		: 'No request was sent for this item.';
	const error = markHeldBack(
		new NodeApiError(node, { message }, { message, description, itemIndex }),
	);
	return unsureTry ? error : markNotSent(error);
}

/** The execution was cancelled while a request was out: Plivo may have had it. */
export function cancelledError(node: INode, request: PhloRequest, itemIndex: number): NodeApiError {
	const message = `The execution was cancelled while item ${itemIndex} waited for Plivo's answer`;
	const mayHaveActed = request.repeat !== 'read';
	const description = mayHaveActed
		? `The request had been sent, so Plivo may already have acted on it. ${CHECK_THE_CALL}`
		: 'It only read from Plivo, so it is safe to run this item again.';
	const error = new NodeApiError(node, { message }, { message, description, itemIndex });
	return mayHaveActed ? markOutcomeUnknown(error) : error;
}

export function formatMs(ms: number): string {
	// Retry-After is read as at most a day: a longer ask is shown as what it is, not a number.
	if (ms >= LONGEST_RETRY_AFTER_MS) return 'a day or more';
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** An item of a participant's chain after one that failed or whose outcome is unknown. */
export function chainStoppedError(
	node: INode,
	itemIndex: number,
	failedItem: number,
	unknown: boolean,
): NodeApiError {
	const what = unknown ? 'has an unknown outcome' : 'failed';
	const message = `Not sent: item ${failedItem} for the same participant ${what} [item ${itemIndex}]`;
	const description = `Actions on one participant of a live call go out one at a time in item order, so this item must not overtake item ${failedItem}${unknown ? ', which Plivo may still be acting on' : ''}. No request was sent for this item; run it again once item ${failedItem} is settled.`;
	return markNotSent(
		markHeldBack(new NodeApiError(node, { message }, { message, description, itemIndex })),
	);
}

/** An item an earlier try sent whose outcome was given up to the memory's byte bound. */
export function forgottenOutcomeError(node: INode, itemIndex: number): NodeApiError {
	const message = `Outcome unknown, not sent again [item ${itemIndex}]`;
	const description = `An earlier try of this node run sent this item's request, and what Plivo made of it is no longer kept (the node keeps a bounded amount of answers in memory). The node did not send it again. ${CHECK_THE_CALL}`;
	return markOutcomeUnknown(
		new NodeApiError(node, { message }, { message, description, itemIndex }),
	);
}

/**
 * The execution was cancelled while an item waited: for its first turn, or to be sent again after
 * a try that Plivo refused unprocessed (429) or that may have been applied (`state.unsureTry`).
 */
export function waitCancelledError(
	node: INode,
	itemIndex: number,
	{ retries, unsureTry }: RetryState,
): NodeApiError {
	const waited = retries > 0 ? 'waited to be sent again' : 'waited for its turn';
	const message = `The execution was cancelled while item ${itemIndex} ${waited}`;
	let description = NOT_SENT;
	if (unsureTry) description = notSafeAgain(unsureTry);
	else if (retries > 0)
		description =
			'Plivo did not act on its earlier try (it refused it unprocessed), and it was not sent again, so it is safe to run this item again.';
	const error = new NodeApiError(node, { message }, { message, description, itemIndex });
	return unsureTry ? markOutcomeUnknown(error) : markNotSent(error);
}
