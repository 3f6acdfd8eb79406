import type { IDataObject, INode } from 'n8n-workflow';

import {
	apiError,
	cancelledError,
	CHECK_THE_CALL,
	describeUnreadable,
	faultError,
	rateLimitError,
	statusHint,
	unsureWords,
} from './errors';
import { markOutcomeUnknown } from './outcome';
import { serverText, type Redactor } from './redact';
import type { RetryState, StopReason, UnsureTry } from './retryPolicy';
import { MAX_ANSWER_BYTES } from './send';
import type { Answer, Attempt, Connection, PhloRequest } from './types';

/** What the last try comes to for the item: Plivo's answer, or the error that says why not. */
export function settle(
	node: INode,
	{ redact, settings }: Connection,
	request: PhloRequest,
	attempt: Attempt,
	stop: { reason: StopReason; waitMs: number },
	state: RetryState,
	itemIndex: number,
): IDataObject {
	if (attempt.kind === 'fault') {
		if (stop.reason === 'cancelled') throw cancelledError(node, request, itemIndex);
		throw faultError(node, request, attempt, settings, itemIndex, state.retries);
	}
	if (stop.reason === 'rateLimited') {
		throw rateLimitError(node, redact, settings, attempt.answer, itemIndex, state, stop.waitMs);
	}
	return readAnswer(node, redact, request, attempt.answer, itemIndex, state.unsureTry);
}

/**
 * Plivo's answer to the last try: its JSON object when Plivo acted (2xx with an api_id and no
 * error), otherwise an error saying what Plivo refused and whether it may have acted anyway.
 */
export function readAnswer(
	node: INode,
	redact: Redactor,
	request: PhloRequest,
	answer: Answer,
	itemIndex: number,
	unsureTry?: UnsureTry,
): IDataObject {
	if (answer.status >= 300 && answer.status < 400) {
		// The server had the request: nothing proves it did not act on it.
		const redirect = redirectError(node, redact, answer, itemIndex);
		throw request.repeat === 'once' ? markOutcomeUnknown(redirect) : redirect;
	}
	if (answer.oversized) {
		const acted = answer.status < 300 && request.repeat !== 'read';
		const tooLarge = apiError(node, redact, { ...answer, text: '' }, itemIndex, {
			message: `The answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB; PHLO answers are a few hundred bytes`,
			hint: `The node stopped reading it. Check the credential's Base URL: it should be a PHLO server.${acted ? ` Whether it acted is unknown. ${CHECK_THE_CALL}` : ''}`,
		});
		// A 2xx means the server took the request: a call-placing one is never sent again.
		throw acted && request.repeat === 'once' ? markOutcomeUnknown(tooLarge) : tooLarge;
	}
	const body = parseJsonObject(answer.text);
	const plivoText = errorText(body?.error);
	if (answer.status >= 200 && answer.status < 300) {
		// Every text that came from the server is scrubbed before it is output.
		if (body && !plivoText && typeof body.api_id === 'string') {
			// Plivo's `"error": ""` is not output: n8n reads an `error` key as a failed try.
			const success = scrubbed(body, redact);
			delete success.error;
			return success;
		}
		if (plivoText && request.repeat === 'once') {
			// A success status with an error text: nothing tells whether Plivo acted.
			throw markOutcomeUnknown(
				apiError(node, redact, answer, itemIndex, {
					plivoText,
					hint: `Outcome unknown: Plivo answered ${answer.status}, a success, with an error text, so it may have acted; the node did not send it again. ${CHECK_THE_CALL}`,
				}),
			);
		}
		if (plivoText) throw apiError(node, redact, answer, itemIndex, { plivoText });
		const unreadable = apiError(node, redact, answer, itemIndex, {
			message: `Plivo answered ${answer.status} ${body ? 'without an api_id' : describeUnreadable(answer)}`,
			hint:
				request.repeat === 'read'
					? 'The answer could not be read; try again.'
					: `The answer could not be read, so whether Plivo acted is unknown. ${CHECK_THE_CALL}`,
		});
		throw request.repeat === 'read' ? unreadable : markOutcomeUnknown(unreadable);
	}
	if (answer.status >= 500 && request.repeat === 'once') {
		throw markOutcomeUnknown(
			apiError(node, redact, answer, itemIndex, {
				plivoText,
				hint: `Outcome unknown: Plivo had a fault (${answer.status}) and may already have acted on this request, so the node did not send it again. ${CHECK_THE_CALL}`,
			}),
		);
	}
	throw apiError(node, redact, answer, itemIndex, {
		plivoText,
		hint: unsureTry
			? `${statusHint(answer.status)} An earlier try of this request ended in ${unsureWords(unsureTry)} and may have been applied already, which can be why Plivo refused the repeat; check the call.`
			: undefined,
	});
}

/** A 3xx: never followed, reported with the host it pointed to (never its path or query). */
function redirectError(node: INode, redact: Redactor, answer: Answer, itemIndex: number) {
	const location = String(answer.headers.location ?? '');
	let where = 'an address it did not give';
	if (location) {
		where = URL.canParse(location) ? new URL(location).host : 'another path on the same server';
	}
	return apiError(node, redact, { ...answer, text: '' }, itemIndex, {
		message: `Plivo answered ${answer.status}, a redirect to ${serverText(redact, where)}`,
		hint: "PHLO does not redirect, and the node never follows a redirect: that would send this request, with the credential, somewhere else. The request was sent once and is not sent again: whether that server acted on it is unknown. Check the credential's Base URL.",
	});
}

/** A copy of Plivo's answer with every text in it scrubbed of the credential, then cut. */
function scrubbed(value: IDataObject, redact: Redactor): IDataObject {
	const scrub = (entry: unknown): unknown => {
		if (typeof entry === 'string') return serverText(redact, entry);
		if (Array.isArray(entry)) return entry.map(scrub);
		if (entry && typeof entry === 'object') {
			return Object.fromEntries(
				Object.entries(entry).map(([key, inner]) => [serverText(redact, key), scrub(inner)]),
			);
		}
		return entry;
	};
	return scrub(value) as IDataObject;
}

/** Plivo's `error`: absent, null, false or "" means none; anything else is the failure's text. */
function errorText(error: unknown): string | undefined {
	if (error === undefined || error === null || error === false || error === '') return undefined;
	return typeof error === 'string' ? error : JSON.stringify(error);
}

function parseJsonObject(text: string): IDataObject | undefined {
	if (!text.trim()) return undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
			? (parsed as IDataObject)
			: undefined;
	} catch {
		return undefined;
	}
}
