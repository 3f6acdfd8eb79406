import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from '../n8nBehaviour';

import type { TransportFault } from './retryPolicy';
import type { Answer, Attempt } from './types';

export const CREDENTIAL_TYPE = 'plivoPhloApi';

/** PHLO answers are a few hundred bytes; anything past this (after decompression) is not one. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

type Exchange = { kind: 'answer'; answer: Answer } | { kind: 'fault'; fault: TransportFault };

/**
 * One exchange with Plivo through n8n's authenticated request helper: the answer whatever its
 * status, or the kind of fault that kept it from arriving, and how long it took. The whole
 * exchange, headers and body, must end within `timeoutMs`: a server that answers slowly, or
 * sends headers and then drips or withholds the body, is cut off at that deadline. The body is
 * read here, so no more than MAX_ANSWER_BYTES of it is ever kept.
 */
export async function send(
	ctx: IExecuteFunctions,
	options: IHttpRequestOptions,
	timeoutMs: number,
	signal: AbortSignal | undefined,
): Promise<Attempt> {
	const started = Date.now();
	const elapsed = () => Date.now() - started;
	let pastDeadline = false;
	let body: { destroy?: () => void } | undefined;
	// Aborting the request is what closes its connection; destroying the body alone may not.
	const request = new AbortController();
	const giveUp = () => {
		request.abort();
		body?.destroy?.();
	};
	const exchange = (async (): Promise<Exchange> => {
		const sent: IHttpRequestOptions = {
			...options,
			headers: { ...options.headers },
			// PHLO never redirects; following one would send the request, and the credential, elsewhere.
			disableFollowRedirect: true,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
		};
		withAbortSignal(sent, request.signal);
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			sent,
		)) as { statusCode: number; headers?: Record<string, unknown>; body?: unknown };
		body = response.body as typeof body;
		if (pastDeadline) giveUp();
		const read = await readCapped(response.body);
		return {
			kind: 'answer',
			answer: { status: response.statusCode, headers: response.headers ?? {}, ...read },
		};
	})().catch((error: unknown): Exchange => {
		if (signal?.aborted) return { kind: 'fault', fault: 'cancelled' };
		// An error after the deadline is the deadline's doing (the body was cut off).
		if (pastDeadline || elapsed() >= timeoutMs) return { kind: 'fault', fault: 'timeout' };
		return { kind: 'fault', fault: classifyFault(error) };
	});

	const stopTimer = new AbortController();
	const deadline = sleep(timeoutMs, stopTimer.signal).then(
		(): Exchange => {
			pastDeadline = true;
			giveUp();
			return { kind: 'fault', fault: 'timeout' };
		},
		// The timer was stopped because the exchange ended first.
		() => new Promise<Exchange>(() => undefined),
	);
	try {
		const result = await Promise.race([exchange, deadline]);
		return { ...result, elapsedMs: elapsed() } as Attempt;
	} finally {
		stopTimer.abort();
	}
}

/**
 * Gives the request `signal` as its abort signal. n8n replaces a node's abortSignal with the
 * execution's cancel signal, so the option keeps both: either one aborts the request. (The
 * client wraps a streamed body, and destroying that wrapper leaves the socket open.)
 */
function withAbortSignal(options: IHttpRequestOptions, signal: AbortSignal): void {
	let given: AbortSignal | undefined;
	Object.defineProperty(options, 'abortSignal', {
		enumerable: true,
		configurable: true,
		get: () => (given ? AbortSignal.any([signal, given]) : signal),
		set: (value: unknown) => {
			given = value instanceof AbortSignal ? value : undefined;
		},
	});
}

/** Reads a body stream (already decompressed by the client) up to MAX_ANSWER_BYTES. */
async function readCapped(body: unknown): Promise<Pick<Answer, 'text' | 'oversized'>> {
	if (body === undefined || body === null) return { text: '' };
	if (typeof body === 'string') return cap(Buffer.from(body));
	if (Buffer.isBuffer(body)) return cap(body);
	if (typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') {
		return cap(Buffer.from(JSON.stringify(body)));
	}
	const stream = body as AsyncIterable<Buffer | string> & { destroy?: () => void };
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		chunks.push(bytes);
		size += bytes.length;
		if (size > MAX_ANSWER_BYTES) {
			stream.destroy?.();
			break;
		}
	}
	return cap(Buffer.concat(chunks));
}

function cap(bytes: Buffer): Pick<Answer, 'text' | 'oversized'> {
	if (bytes.length <= MAX_ANSWER_BYTES) return { text: bytes.toString('utf8') };
	return { text: bytes.subarray(0, MAX_ANSWER_BYTES).toString('utf8'), oversized: true };
}

/** Finds the network error code however deep n8n wrapped the underlying error. */
export function classifyFault(error: unknown): TransportFault {
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
