/**
 * "Another host" for redirect faults: a second listener on 127.0.0.2 (a different loopback
 * address, so a client sees a different host) that records every request it receives, with
 * whether an Authorization header came along, and answers each one the way a careless endpoint
 * would: 201 with Plivo's success shape. A test proves the token stayed home when this record is
 * empty (or holds no Authorization).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { readBody } from './http';

export const OTHER_HOST = '127.0.0.2';

export interface OtherHostRequest {
	method: string;
	/** The path with its query, as sent. */
	url: string;
	/** Whether the request carried an Authorization header at all. */
	authorized: boolean;
	authorization?: string;
	rawBody: string;
	at: number;
}

export class OtherHost {
	readonly requests: OtherHostRequest[] = [];

	private constructor(private readonly server: Server) {}

	/** Listens on 127.0.0.2 (an ephemeral port); undefined when this machine cannot bind it. */
	static async start(): Promise<OtherHost | undefined> {
		let host: OtherHost | undefined;
		const server = createServer((request, response) => {
			void readBody(request).then((rawBody) => {
				const { authorization } = request.headers;
				host!.requests.push({
					method: request.method ?? 'GET',
					url: request.url ?? '/',
					authorized: authorization !== undefined,
					authorization,
					rawBody,
					at: Date.now(),
				});
				const body = JSON.stringify({ api_id: randomUUID(), error: '' });
				response.writeHead(201, {
					'Content-Type': 'application/json',
					'Content-Length': Buffer.byteLength(body),
				});
				response.end(body);
			});
		});
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, OTHER_HOST, () => resolve());
			});
		} catch {
			return undefined;
		}
		host = new OtherHost(server);
		return host;
	}

	get url(): string {
		return `http://${OTHER_HOST}:${(this.server.address() as AddressInfo).port}`;
	}

	reset(): void {
		this.requests.length = 0;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
