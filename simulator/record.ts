/**
 * The request record: every request the API side received, what it carried, what was answered,
 * whether "Plivo" acted on it, and how many were open at once.
 */
import type { ServerResponse } from 'node:http';

import type { FaultKind } from './faults';

export interface RequestRecord {
	seq: number;
	method: string;
	/** The path as sent, without the query. */
	path: string;
	decodedPath: string;
	rawBody: string;
	body?: unknown;
	authorization?: string;
	userAgent?: string;
	/** The status answered (0 when the connection was dropped before an answer). */
	status: number;
	fault?: FaultKind | 'rateLimit';
	/** Whether "Plivo" acted on the request (answered 2xx from its own logic). */
	processed: boolean;
	at: number;
}

export interface Counts {
	received: number;
	processed: number;
	/** Processed requests per `METHOD path body`: more than one for a key is a duplicate. */
	byKey: Record<string, number>;
}

export type Arrival = Pick<
	RequestRecord,
	'method' | 'path' | 'decodedPath' | 'rawBody' | 'body' | 'authorization' | 'userAgent'
>;

export class RequestLog {
	readonly requests: RequestRecord[] = [];
	private seq = 0;
	private inFlight = 0;
	private peak = 0;

	/** Records a request as it arrives and counts it open until its response closes. */
	open(arrival: Arrival, response: ServerResponse): RequestRecord {
		const record: RequestRecord = {
			seq: ++this.seq,
			...arrival,
			status: 0,
			processed: false,
			at: Date.now(),
		};
		this.requests.push(record);
		this.peak = Math.max(this.peak, ++this.inFlight);
		response.once('close', () => this.inFlight--);
		return record;
	}

	/** The most requests that were open at once since the last reset (the client's concurrency). */
	get peakInFlight(): number {
		return this.peak;
	}

	reset(): void {
		this.requests.length = 0;
		this.peak = this.inFlight;
		this.seq = 0;
	}

	counts(): Counts {
		const byKey: Record<string, number> = {};
		let processed = 0;
		for (const record of this.requests) {
			if (!record.processed) continue;
			processed++;
			const key = `${record.method} ${record.path} ${record.rawBody}`;
			byKey[key] = (byKey[key] ?? 0) + 1;
		}
		return { received: this.requests.length, processed, byKey };
	}

	/** Requests Plivo acted on more than once: `METHOD path body` → times. */
	duplicates(): Record<string, number> {
		return Object.fromEntries(Object.entries(this.counts().byKey).filter(([, times]) => times > 1));
	}
}
