/**
 * What each scripted fault does to the answer (see faults.ts for which requests it hits). `processed`
 * is "Plivo's" own answer when the fault lets the request be acted on first.
 */
import { randomUUID } from 'node:crypto';

import {
	acknowledged,
	dropConnection,
	failure,
	startBody,
	STATUS_TEXT,
	writeAnswer,
	writeBody,
	type Answer,
	type Exchange,
	type FaultResponse,
} from './answers';
import type { FaultKind, FaultSpec } from './faults';
import { bodyText, sleep } from './http';
import { HOSTILE_RESPONSES } from './hostileResponses';

const NGINX_502 =
	'<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>';

/** A body of this kind: the fault's own if it gives one, else the default; sent with the status. */
const rawBody =
	(defaultStatus: number, defaultBody: () => string, type = 'application/json'): FaultResponse =>
	(exchange, spec) =>
		writeBody(exchange, spec.status ?? defaultStatus, bodyText(spec.body) ?? defaultBody(), type);

const RESPONSES: Record<FaultKind, FaultResponse> = {
	status: (exchange, spec) => {
		const status = spec.status ?? 500;
		const headers = retryAfterHeader(spec);
		if (spec.reason !== undefined) {
			const echoed = spec.reason === 'echoAuthorization';
			exchange.response.statusMessage = echoed
				? (exchange.record.authorization ?? '')
				: spec.reason;
		}
		if (spec.body !== undefined)
			return writeBody(exchange, status, bodyText(spec.body), undefined, headers);
		writeAnswer(exchange, { ...failure(status, STATUS_TEXT[status] ?? 'error'), headers });
	},
	delay: async (exchange, spec, processed) => {
		await sleep(spec.delayMs ?? 30_000);
		const { response } = exchange;
		if (response.destroyed || response.socket?.destroyed) return;
		writeAnswer(exchange, processed ?? failure(504, STATUS_TEXT[504]));
	},
	reset: (exchange, _spec, processed) => {
		if (processed) return cutOff(exchange, processed);
		exchange.log?.(`${exchange.record.method} ${exchange.record.path} → connection reset`);
		dropConnection(exchange.response);
	},
	truncated: (exchange, spec, processed) => {
		const answer = processed ?? acknowledged();
		cutOff(exchange, { ...answer, status: spec.status ?? answer.status });
	},
	html: rawBody(502, () => NGINX_502, 'text/html'),
	empty: (exchange, spec) => writeBody(exchange, spec.status ?? 200, ''),
	// A Python-style dict: looks like JSON, is not.
	malformed: rawBody(200, () => `{'api_id': '${randomUUID()}', 'error': ''}`),
	noApiId: rawBody(201, () => '{"error":""}'),
	...HOSTILE_RESPONSES,
};

export function sendFault(
	exchange: Exchange,
	spec: FaultSpec,
	processed?: Answer,
): void | Promise<void> {
	return RESPONSES[spec.kind](exchange, spec, processed);
}

function retryAfterHeader(spec: FaultSpec): Record<string, string> {
	if (spec.retryAfter === 'date') {
		const at = Date.now() + (spec.retryAfterSeconds ?? 1) * 1000;
		return { 'Retry-After': new Date(at).toUTCString() };
	}
	return spec.retryAfter === undefined ? {} : { 'Retry-After': String(spec.retryAfter) };
}

/** Announces the whole body, sends half of it, and drops the connection. */
function cutOff(exchange: Exchange, answer: Answer): void {
	const body = JSON.stringify(answer.json ?? {});
	startBody(exchange, answer.status, Buffer.byteLength(body), undefined, {}, ', cut off mid-body');
	exchange.response.write(body.slice(0, Math.floor(body.length / 2)), () =>
		dropConnection(exchange.response),
	);
}
