/**
 * Plivo's outgoing requests: a signed callback or a PHLO HTTP Request step, sent to a URL over
 * real HTTP, with the faults a receiver must survive (a wrong signature, a nonce already used, a
 * body that arrives late), and a record of each one with the answer it got.
 */
import { Agent, request as httpRequest } from 'node:http';

import { sleep } from './http';
import { newNonce, signatureHeaders, type Params, type SigningKeys } from './signing';

/**
 * wrongSignature: signed with another token; replayNonce: signed correctly but with the nonce of
 * the previous signed request (what a replay carries); unsigned: no signature headers; slowBody:
 * the headers at once, the body `delayMs` later.
 */
export type DeliveryFault = 'wrongSignature' | 'replayNonce' | 'unsigned' | 'slowBody';

export interface Outgoing {
	kind: 'callback' | 'phloStep';
	event: string;
	/** The URL Plivo was given: what it signs, and the Host it sends. */
	url: string;
	/** Where to connect instead (e.g. n8n's own address behind a proxy whose URL is `url`). */
	via?: string;
	method: 'GET' | 'POST';
	/** Form fields (a GET carries them in the query). */
	form?: Params;
	/** A JSON body instead of a form (PHLO steps only; not signed). */
	json?: unknown;
	headers?: Record<string, string>;
	/** Sign with these (callbacks); PHLO steps carry the author's auth in `headers` instead. */
	keys?: SigningKeys;
	fault?: DeliveryFault;
	delayMs?: number;
	/** Give up waiting for the answer after this long (default 15 s). */
	timeoutMs?: number;
}

export interface Delivery {
	seq: number;
	kind: Outgoing['kind'];
	event: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
	/** Where it connected, when not to `url`'s host. */
	via?: string;
	fault?: DeliveryFault;
	at: number;
	/** The receiver's answer: status 0 when none came (see `error`). */
	status: number;
	answer: string;
	json?: unknown;
	error?: string;
	ms: number;
}

const WRONG_TOKEN = 'not-the-auth-token';
const ANSWER_LIMIT = 64 * 1024;

export class Deliveries {
	readonly records: Delivery[] = [];
	private seq = 0;
	private lastNonce?: string;
	private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity });

	reset(): void {
		this.records.length = 0;
		this.seq = 0;
	}

	close(): void {
		this.agent.destroy();
	}

	/** Sends one request the way Plivo would and records what came back. */
	async send(outgoing: Outgoing): Promise<Delivery> {
		const { method, form = {}, fault } = outgoing;
		let url = outgoing.url;
		if (method === 'GET') {
			const withQuery = new URL(url);
			for (const [key, values] of Object.entries(form))
				for (const value of [values].flat()) withQuery.searchParams.append(key, value);
			url = withQuery.toString();
		}
		const body =
			method === 'GET'
				? ''
				: outgoing.json !== undefined
					? JSON.stringify(outgoing.json)
					: formText(form);
		const headers: Record<string, string> = {
			'Content-Type':
				outgoing.json !== undefined ? 'application/json' : 'application/x-www-form-urlencoded',
			'User-Agent': 'PlivoHTTP/1.0 (simulator)',
			...outgoing.headers,
		};
		if (outgoing.keys && fault !== 'unsigned') {
			const nonce = fault === 'replayNonce' ? (this.lastNonce ?? newNonce()) : newNonce();
			this.lastNonce = nonce;
			const keys = fault === 'wrongSignature' ? { authToken: WRONG_TOKEN } : outgoing.keys;
			Object.assign(
				headers,
				signatureHeaders(keys, method, url, nonce, method === 'POST' ? form : {}),
			);
		}
		const record: Delivery = {
			seq: ++this.seq,
			kind: outgoing.kind,
			event: outgoing.event,
			method,
			url,
			headers,
			body,
			...(outgoing.via ? { via: outgoing.via } : {}),
			...(fault ? { fault } : {}),
			at: Date.now(),
			status: 0,
			answer: '',
			ms: 0,
		};
		this.records.push(record);
		await this.exchange(record, outgoing);
		return record;
	}

	/** The recorded request again, byte for byte: same nonce, same signature. */
	async resend(seq: number): Promise<Delivery> {
		const sent = this.records.find((record) => record.seq === seq);
		if (!sent) throw new Error(`no delivery ${seq}`);
		const record: Delivery = { ...sent, seq: ++this.seq, at: Date.now(), status: 0, answer: '' };
		delete record.error;
		delete record.json;
		this.records.push(record);
		await this.exchange(record, {
			kind: sent.kind,
			event: sent.event,
			url: sent.url,
			via: sent.via,
			method: 'POST',
		});
		return record;
	}

	private exchange(record: Delivery, { via, fault, delayMs, timeoutMs }: Outgoing): Promise<void> {
		const target = new URL(record.url);
		const connect = new URL(via ?? record.url);
		return new Promise<void>((resolve) => {
			const finish = (error?: string) => {
				if (error && record.error === undefined) record.error = error;
				record.ms = Date.now() - record.at;
				clearTimeout(timer);
				resolve();
			};
			const request = httpRequest(
				{
					host: connect.hostname,
					port: connect.port || 80,
					method: record.method,
					path: `${target.pathname}${target.search}`,
					agent: this.agent,
					headers: {
						...record.headers,
						Host: target.host,
						'Content-Length': Buffer.byteLength(record.body),
					},
				},
				(response) => {
					record.status = response.statusCode ?? 0;
					response.setEncoding('utf8');
					response.on('data', (chunk: string) => {
						if (record.answer.length < ANSWER_LIMIT) record.answer += chunk;
					});
					response.on('end', () => {
						try {
							record.json = JSON.parse(record.answer);
						} catch {
							// Not JSON: the text is in `answer`.
						}
						finish();
					});
					response.on('error', (error) => finish(error.message));
				},
			);
			const limit = timeoutMs ?? 15_000;
			const timer = setTimeout(() => {
				record.error = `no answer within ${limit} ms`;
				request.destroy();
			}, limit);
			request.on('error', (error) => finish(error.message));
			if (fault === 'slowBody') {
				request.flushHeaders();
				void sleep(delayMs ?? 5_000).then(() => request.end(record.body));
			} else request.end(record.body);
		});
	}
}

/** application/x-www-form-urlencoded, a repeated key once per value. */
export function formText(form: Params): string {
	const params = new URLSearchParams();
	for (const [key, values] of Object.entries(form))
		for (const value of [values].flat()) params.append(key, value);
	return params.toString();
}
