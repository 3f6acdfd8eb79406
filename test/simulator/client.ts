/** A bare HTTP client for the simulator tests: one request on a fresh connection, nothing hidden. */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

import { DEFAULT_ACCOUNT, DEMO } from '../../simulator';

export const AUTH = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT.authId}:${DEFAULT_ACCOUNT.authToken}`).toString('base64')}`;
export const CALL = `/v1/phlo/${DEMO.phloId}/multi_party_call/${DEMO.nodeId}`;
export const RUN = `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`;

export interface Reply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	json?: Record<string, unknown>;
}

/** Sends a request and resolves when its headers arrive, with the request to abort it. */
export function open(
	url: string,
	method: string,
	body?: unknown,
	authorization: string | null = AUTH,
): Promise<{ request: ClientRequest; response: IncomingMessage }> {
	return new Promise((resolve, reject) => {
		const payload =
			body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		const request = httpRequest(
			url,
			{
				method,
				agent: false,
				headers: {
					...(authorization ? { authorization } : {}),
					'content-type': 'application/json',
				},
			},
			(response) => resolve({ request, response }),
		);
		request.on('error', reject);
		request.end(payload);
	});
}

/** One request on a fresh connection; rejects when the connection drops. */
export async function send(
	url: string,
	method: string,
	body?: unknown,
	authorization: string | null = AUTH,
): Promise<Reply> {
	const { response } = await open(url, method, body, authorization);
	return new Promise((resolve, reject) => {
		let text = '';
		response.setEncoding('utf8');
		response.on('data', (chunk: string) => (text += chunk));
		response.on('error', reject);
		response.on('aborted', () => reject(new Error('aborted')));
		response.on('end', () => {
			let json: Record<string, unknown> | undefined;
			try {
				json = JSON.parse(text) as Record<string, unknown>;
			} catch {
				json = undefined;
			}
			resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
		});
	});
}
