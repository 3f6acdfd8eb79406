import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { TransportFault } from './retryPolicy';
import type { Attempt } from './types';

export const CREDENTIAL_TYPE = 'plivoPhloApi';

/**
 * One exchange with Plivo through n8n's authenticated request helper: the answer whatever its
 * status, or the kind of fault that kept it from arriving, and how long it took.
 */
export async function send(
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
