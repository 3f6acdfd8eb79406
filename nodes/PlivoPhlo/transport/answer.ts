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
import type { Redactor } from './redact';
import type { RetryState, StopReason, UnsureTry } from './retryPolicy';
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
		if (stop.reason === 'cancelled') throw cancelledError(node, itemIndex);
		throw faultError(node, request, attempt, settings, itemIndex, state.retries);
	}
	if (stop.reason === 'rateLimited') {
		throw rateLimitError(
			node,
			redact,
			settings,
			attempt.answer,
			itemIndex,
			state.retries,
			stop.waitMs,
		);
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
	const body = parseJsonObject(answer.text);
	const plivoText = errorText(body?.error);
	if (answer.status >= 200 && answer.status < 300) {
		if (body && !plivoText && typeof body.api_id === 'string') return body;
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

/** Plivo's `error`: absent, null or "" means none; anything else is the failure's text. */
function errorText(error: unknown): string | undefined {
	if (error === undefined || error === null || error === '') return undefined;
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
