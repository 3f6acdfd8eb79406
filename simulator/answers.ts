/**
 * What "Plivo" answers, as data (status, JSON body, headers), and how an answer or a raw body is
 * written to the wire and noted in the request record.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FaultSpec } from './faults';
import type { RequestRecord } from './record';

export interface Answer {
	status: number;
	json?: unknown;
	headers?: Record<string, string>;
}

export const STATUS_TEXT: Record<number, string> = {
	400: 'bad request',
	401: 'authentication credentials were not provided',
	403: 'PHLO is not enabled for this account',
	404: 'not found',
	405: 'method not allowed',
	429: 'too many requests, please slow down',
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

/** Plivo's error shape: an `api_id` and the error text. */
export const failure = (status: number, error: string): Answer => ({
	status,
	json: { api_id: randomUUID(), error },
});

/** Plivo's answer to an action it took: 201, an `api_id` and an empty error. */
export const acknowledged = (): Answer => ({
	status: 201,
	json: { api_id: randomUUID(), error: '' },
});

/** One request's answer on its way out: where it is written, what is recorded, what is logged. */
export interface Exchange {
	response: ServerResponse;
	record: RequestRecord;
	log?: (line: string) => void;
	/** Where redirect faults point: this simulator's URL and the other host's (127.0.0.2). */
	urls?: { self: string; otherHost?: string };
	/** The Auth Token the request signed in with (what echo faults give back). */
	token?: string;
}

/** Records the status, logs one line and writes headers and the whole body. */
export function writeBody(
	exchange: Exchange,
	status: number,
	body: string,
	type = 'application/json',
	headers: Record<string, string> = {},
): void {
	startBody(exchange, status, Buffer.byteLength(body), type, headers);
	exchange.response.end(body);
}

export function writeAnswer(exchange: Exchange, answer: Answer): void {
	const body = answer.json === undefined ? '' : JSON.stringify(answer.json);
	writeBody(exchange, answer.status, body, 'application/json', answer.headers);
}

/** Records and logs the status and writes the headers (announcing `length` bytes, if known). */
export function startBody(
	exchange: Exchange,
	status: number,
	length: number | undefined,
	type = 'application/json',
	headers: Record<string, string> = {},
	note?: string,
): void {
	const { record, response } = exchange;
	record.status = status;
	const why = note ?? (record.fault ? ` (${record.fault})` : '');
	exchange.log?.(`${record.method} ${record.path} → ${status}${why}`);
	response.writeHead(status, {
		'Content-Type': type,
		...(length === undefined ? {} : { 'Content-Length': length }),
		...headers,
	});
}

/** Drops the connection under the request, whatever was written so far. */
export function dropConnection(response: ServerResponse): void {
	(response.req as IncomingMessage).socket?.destroy();
}

/** What a fault does to a request's answer; `processed` is "Plivo's" answer when it acted first. */
export type FaultResponse = (
	exchange: Exchange,
	spec: FaultSpec,
	processed?: Answer,
) => void | Promise<void>;
