import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { Endpoints } from './endpoints';
import type { FlowControl } from './flowControl';
import { NoTurnError, type NoTurnReason } from './pacer';
import { createRedactor, type Redactor } from './redact';

export const CREDENTIAL_TYPE = 'plivoPhloApi';
/** Kept equal to package.json's version by a test. */
export const PACKAGE_VERSION = '0.1.0';
const USER_AGENT = `n8n-nodes-plivo-phlo/${PACKAGE_VERSION}`;

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

export interface PhloRequest {
	method: 'GET' | 'POST';
	api: keyof Endpoints;
	/** Path under the API root, built only from validated values. */
	path: string;
	body?: IDataObject;
	repeat: RepeatPolicy;
}

export interface RequestSettings {
	timeoutMs: number;
	/** Re-sends allowed after a 429 (and, where safe, after a temporary fault). */
	maxRetries: number;
	/** Upper bound on the total time spent waiting between tries. */
	maxRetryWaitMs: number;
}

/** What one run of the node needs to talk to Plivo: shared by all its items. */
export interface Connection {
	endpoints: Endpoints;
	authId: string;
	redact: Redactor;
	settings: RequestSettings;
	flow: FlowControl;
	signal?: AbortSignal;
}

export function createConnection(
	credentials: ICredentialDataDecryptedObject,
	endpoints: Endpoints,
	settings: RequestSettings,
	flow: FlowControl,
	signal?: AbortSignal,
): Connection {
	return {
		endpoints,
		authId: String(credentials.authId ?? '').trim(),
		redact: createRedactor(String(credentials.authId ?? ''), String(credentials.authToken ?? '')),
		settings,
		flow,
		signal,
	};
}

interface Answer {
	status: number;
	headers: Record<string, unknown>;
	text: string;
}

type Attempt =
	| { kind: 'answer'; answer: Answer; elapsedMs: number }
	| { kind: 'fault'; fault: TransportFault; elapsedMs: number };

type TransportFault = 'timeout' | 'refused' | 'reset' | 'network' | 'cancelled';

const FAULT_WORDS: Record<TransportFault, string> = {
	timeout: 'a timeout',
	refused: 'a refused connection',
	reset: 'a dropped connection',
	network: 'a network error',
	cancelled: 'a cancellation',
};

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 30_000;

/**
 * Sends one request for one item: waits its turn, retries what may be retried, and returns
 * Plivo's JSON answer or throws a NodeApiError that carries Plivo's own text, the status and a
 * hint — never the Auth Token, the Authorization header or the request options.
 */
export async function plivoRequest(
	ctx: IExecuteFunctions,
	connection: Connection,
	request: PhloRequest,
	itemIndex: number,
): Promise<IDataObject> {
	const { settings, flow } = connection;
	const node = ctx.getNode();
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.endpoints[request.api]}${request.path}`,
		headers: { 'User-Agent': USER_AGENT, Accept: 'application/json' },
		timeout: settings.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'text',
		json: false,
	};
	if (request.method === 'POST') {
		options.headers!['Content-Type'] = 'application/json';
		options.body = JSON.stringify(request.body ?? {});
	}

	let retries = 0;
	let waitedMs = 0;
	/** Set once a try ended in a way that leaves open whether Plivo acted on it. */
	let unsureTry: string | undefined;
	for (;;) {
		try {
			await flow.awaitTurn(settings.maxRetryWaitMs);
		} catch (error) {
			throw noTurnError(node, error, settings, itemIndex);
		}
		const attempt = await send(ctx, options, connection.signal);
		let waitMs: number;
		if (attempt.kind === 'fault') {
			if (attempt.fault === 'cancelled') {
				throw new NodeApiError(
					node,
					{ message: 'The execution was cancelled' },
					{ message: 'The execution was cancelled while waiting for Plivo', itemIndex },
				);
			}
			// A refused connection never reached Plivo; anything else may have.
			const mayRepeat = attempt.fault === 'refused' || request.repeat !== 'once';
			waitMs = backoffMs(retries);
			if (!mayRepeat || !withinBudget(settings, retries, waitedMs + waitMs)) {
				throw faultError(node, request, attempt, settings, itemIndex, retries);
			}
			if (attempt.fault !== 'refused') unsureTry = FAULT_WORDS[attempt.fault];
		} else {
			const { answer } = attempt;
			if (answer.status === 429) {
				// Plivo did not process it: every kind of request may be sent again.
				waitMs = retryAfterMs(answer.headers['retry-after']) ?? backoffMs(retries);
				flow.onThrottled(waitMs);
				if (!withinBudget(settings, retries, waitedMs + waitMs)) {
					throw rateLimitError(node, connection, answer, itemIndex, retries, waitMs);
				}
			} else {
				flow.onAnswered(attempt.elapsedMs);
				waitMs = backoffMs(retries);
				const transient = answer.status >= 500 && request.repeat !== 'once';
				if (!transient || !withinBudget(settings, retries, waitedMs + waitMs)) {
					return readAnswer(node, connection, request, answer, itemIndex, unsureTry);
				}
				unsureTry = `a fault (HTTP ${answer.status})`;
			}
		}
		retries++;
		waitedMs += waitMs;
		await sleep(waitMs, connection.signal);
	}
}

function withinBudget(settings: RequestSettings, retries: number, totalWaitMs: number): boolean {
	return retries < settings.maxRetries && totalWaitMs <= settings.maxRetryWaitMs;
}

async function send(
	ctx: IExecuteFunctions,
	options: IHttpRequestOptions,
	signal: AbortSignal | undefined,
): Promise<Attempt> {
	const started = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			...options,
			headers: { ...options.headers },
		})) as { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
		return {
			kind: 'answer',
			elapsedMs: Date.now() - started,
			answer: {
				status: response.statusCode,
				headers: response.headers ?? {},
				text: bodyText(response.body),
			},
		};
	} catch (error) {
		const elapsedMs = Date.now() - started;
		if (signal?.aborted) return { kind: 'fault', fault: 'cancelled', elapsedMs };
		return { kind: 'fault', fault: classifyFault(error), elapsedMs };
	}
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return JSON.stringify(body);
}

/** Finds the network error code however deep n8n wrapped the underlying error. */
function classifyFault(error: unknown): TransportFault {
	const codes: string[] = [];
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const { code, message, cause } = current as {
			code?: unknown;
			message?: unknown;
			cause?: unknown;
		};
		if (typeof code === 'string') codes.push(code);
		if (typeof message === 'string') texts.push(message);
		current = cause;
	}
	const all = `${codes.join(' ')} ${texts.join(' ')}`;
	if (/ERR_CANCELED|AbortError|canceled|cancelled/i.test(all)) return 'cancelled';
	if (/ECONNREFUSED/.test(all)) return 'refused';
	if (/ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|timeout/i.test(all)) return 'timeout';
	if (/ECONNRESET|EPIPE|socket hang up|aborted/i.test(all)) return 'reset';
	return 'network';
}

function readAnswer(
	node: INode,
	connection: Connection,
	request: PhloRequest,
	answer: Answer,
	itemIndex: number,
	unsureTry?: string,
): IDataObject {
	const body = parseJsonObject(answer.text);
	const plivoText = errorText(body?.error);
	if (answer.status >= 200 && answer.status < 300) {
		if (body && !plivoText && typeof body.api_id === 'string') return body;
		if (plivoText) throw apiError(node, connection, answer, itemIndex, { plivoText });
		throw apiError(node, connection, answer, itemIndex, {
			message: `Plivo answered ${answer.status} ${body ? 'without an api_id' : describeUnreadable(answer)}`,
			hint:
				request.repeat === 'read'
					? 'The answer could not be read; try again.'
					: 'The answer could not be read, so whether Plivo acted is unknown. Check the call in the Plivo console before running this item again.',
		});
	}
	if (answer.status >= 500 && request.repeat === 'once') {
		throw apiError(node, connection, answer, itemIndex, {
			plivoText,
			hint: `Outcome unknown: Plivo had a fault (${answer.status}) and may already have acted on this request, so the node did not send it again. Check the call in the Plivo console before running this item again.`,
		});
	}
	throw apiError(node, connection, answer, itemIndex, {
		plivoText,
		hint: unsureTry
			? `${statusHint(answer.status)} An earlier try of this request ended in ${unsureTry} and may have been applied already, which can be why Plivo refused the repeat; check the call.`
			: undefined,
	});
}

function rateLimitError(
	node: INode,
	connection: Connection,
	answer: Answer,
	itemIndex: number,
	retries: number,
	nextWaitMs: number,
): NodeApiError {
	const { settings } = connection;
	return apiError(node, connection, answer, itemIndex, {
		message: 'Plivo rate limit: the request was not processed',
		hint: `Plivo answered 429 (too many requests) ${retries + 1} time(s) and asked to wait ${formatMs(nextWaitMs)} more; the node stops after ${settings.maxRetries} retries or ${formatMs(settings.maxRetryWaitMs)} of waiting. Plivo did not act on it, so it is safe to run this item again. Lower "Max Requests in Flight" or set "Max Requests per Second" in the node's options.`,
	});
}

/** A request that got no turn from the account's pace was never sent. */
function noTurnError(
	node: INode,
	error: unknown,
	settings: RequestSettings,
	itemIndex: number,
): NodeApiError {
	if (!(error instanceof NoTurnError)) throw error;
	const notSent = 'It was not sent, so it is safe to run this item again.';
	const text: Record<NoTurnReason, { message: string; description: string }> = {
		cancelled: {
			message: 'The execution was cancelled',
			description: `The execution was cancelled while this item waited for its turn. ${notSent}`,
		},
		pause: {
			message: 'Plivo rate limit: the request was not sent',
			description: `Plivo asked this account to wait ${formatMs(error.waitMs)} (Retry-After), longer than Max Retry Wait (${formatMs(settings.maxRetryWaitMs)}). ${notSent}`,
		},
		queue: {
			message: 'No turn to send within Max Wait for a Turn: the request was not sent',
			description: `Requests to this Plivo account from every running execution share one pace, and this item waited ${formatMs(error.waitMs)} in line. ${notSent} Raise "Max Wait for a Turn", or spread the work out.`,
		},
	};
	const { message, description } = text[error.reason];
	return new NodeApiError(node, { message }, { message, description, itemIndex });
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

function describeUnreadable(answer: Answer): string {
	if (!answer.text.trim()) return 'with an empty body';
	const contentType = String(answer.headers['content-type'] ?? '');
	if (/html/i.test(contentType) || /^\s*</.test(answer.text))
		return 'with an HTML page instead of JSON';
	return 'with a body that is not JSON';
}

const STATUS_HINTS: Record<number, string> = {
	400: 'Plivo refused the values sent. Check the fields of this item; for transfers the trigger source must be an agent on the call.',
	401: 'Check the Plivo PHLO API credential: the Auth ID and Auth Token must be a matching pair from the Plivo console.',
	403: 'Plivo refused access: PHLO may not be enabled for this account, or the account is not verified.',
	404: 'The PHLO or the Multi-Party Call node was not found, or the PHLO is not deployed. Check the IDs in the PHLO console.',
	405: 'Plivo does not allow this method on this path.',
	429: 'Plivo is rate-limiting this account.',
};

function statusHint(status: number): string {
	if (STATUS_HINTS[status]) return STATUS_HINTS[status];
	if (status >= 500) return `Plivo had a temporary fault (${status}). Try again shortly.`;
	return `Plivo answered ${status}.`;
}

function apiError(
	node: INode,
	connection: Connection,
	answer: Answer,
	itemIndex: number,
	detail: { plivoText?: string; message?: string; hint?: string },
): NodeApiError {
	const { redact } = connection;
	const plivoText = detail.plivoText ? redact(detail.plivoText) : undefined;
	const message =
		detail.message ??
		(plivoText
			? `Plivo: ${plivoText}`
			: `Plivo answered ${answer.status} ${describeUnreadable(answer)}`);
	const description = `${detail.hint ?? statusHint(answer.status)} (HTTP ${answer.status})`;
	const excerpt = redact(answer.text.slice(0, 500));
	return new NodeApiError(
		node,
		{ message, httpCode: String(answer.status), plivoError: plivoText ?? null, body: excerpt },
		{ message, description, httpCode: String(answer.status), itemIndex },
	);
}

function faultError(
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
	const hint =
		request.repeat === 'once' && fault !== 'refused'
			? 'Outcome unknown: Plivo may already have acted on this request, so the node did not send it again. Check the call in the Plivo console before running this item again.'
			: `The request could not be completed${tried}. It is safe to run this item again.`;
	return new NodeApiError(
		node,
		{ message: what[fault], code: fault },
		{ message: what[fault], description: hint, itemIndex },
	);
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential back-off with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s. */
export function backoffMs(retry: number, random = Math.random): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function formatMs(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
