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
	/** When it arrived (its body read), and when its answer was complete or the connection closed. */
	at: number;
	endedAt?: number;
	/**
	 * The participant the request acts on, if any (plivoRoutes.ts `participantOf`):
	 * `<phloId>/<nodeId> source <trigger_source>` for call / warm / cold transfer,
	 * `<phloId>/<nodeId> member <address>` for member actions (addresses without a leading +).
	 */
	participant?: string;
}

/** The requests that acted on one participant, for checking order and overlap. */
export interface ParticipantRecord {
	/** The most of its requests that were open at once (1 = one at a time). */
	maxOverlap: number;
	/** Its requests in arrival order, each with what it asked for. */
	order: Array<{ seq: number; action?: string; to?: string; status: number }>;
}

export interface Counts {
	received: number;
	processed: number;
	/** Processed requests per `METHOD path body`: more than one for a key is a duplicate. */
	byKey: Record<string, number>;
	/** Processed call / warm / cold transfer requests per `to` number: how often each was dialled. */
	byTo: Record<string, number>;
	/** Requests answered 429 by the rate limiter. */
	rateLimited: number;
}

export type Arrival = Pick<
	RequestRecord,
	| 'method'
	| 'path'
	| 'decodedPath'
	| 'rawBody'
	| 'body'
	| 'authorization'
	| 'userAgent'
	| 'participant'
>;

export class RequestLog {
	readonly requests: RequestRecord[] = [];
	private seq = 0;
	private inFlight = 0;
	private peak = 0;
	/** Participant → its requests open now, and the most that were. */
	private overlap = new Map<string, { open: number; max: number }>();

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
		const participant =
			record.participant === undefined ? undefined : this.opened(record.participant);
		response.once('close', () => {
			this.inFlight--;
			record.endedAt = Date.now();
			if (participant) participant.open--;
		});
		return record;
	}

	private opened(participant: string): { open: number; max: number } {
		let overlap = this.overlap.get(participant);
		if (!overlap) this.overlap.set(participant, (overlap = { open: 0, max: 0 }));
		overlap.max = Math.max(overlap.max, ++overlap.open);
		return overlap;
	}

	/** The most requests that were open at once since the last reset (the client's concurrency). */
	get peakInFlight(): number {
		return this.peak;
	}

	reset(): void {
		this.requests.length = 0;
		this.peak = this.inFlight;
		this.seq = 0;
		for (const [participant, overlap] of this.overlap)
			if (overlap.open === 0) this.overlap.delete(participant);
			else overlap.max = overlap.open;
	}

	/** Per participant: the most requests open at once and their arrival order, since the last reset. */
	participants(): Record<string, ParticipantRecord> {
		const result: Record<string, ParticipantRecord> = {};
		for (const record of this.requests) {
			if (record.participant === undefined) continue;
			const entry = (result[record.participant] ??= {
				maxOverlap: this.overlap.get(record.participant)?.max ?? 0,
				order: [],
			});
			const { action, to } = (record.body ?? {}) as { action?: unknown; to?: unknown };
			entry.order.push({
				seq: record.seq,
				status: record.status,
				...(typeof action === 'string' ? { action } : {}),
				...(typeof to === 'string' ? { to } : {}),
			});
		}
		return result;
	}

	counts(): Counts {
		const byKey: Record<string, number> = {};
		const byTo: Record<string, number> = {};
		let processed = 0;
		for (const record of this.requests) {
			if (!record.processed) continue;
			processed++;
			const key = `${record.method} ${record.path} ${record.rawBody}`;
			byKey[key] = (byKey[key] ?? 0) + 1;
			const to = dialledNumber(record);
			if (to !== undefined) byTo[to] = (byTo[to] ?? 0) + 1;
		}
		const rateLimited = this.requests.filter((record) => record.fault === 'rateLimit').length;
		return { received: this.requests.length, processed, byKey, byTo, rateLimited };
	}

	/** Requests Plivo acted on more than once: `METHOD path body` → times. */
	duplicates(): Record<string, number> {
		return Object.fromEntries(Object.entries(this.counts().byKey).filter(([, times]) => times > 1));
	}
}

/** The `to` of a call / warm / cold transfer (a request on a participant chosen by its trigger source). */
function dialledNumber(record: RequestRecord): string | undefined {
	if (!record.participant?.includes(' source ')) return undefined;
	const { to } = (record.body ?? {}) as { to?: unknown };
	return typeof to === 'string' ? to : undefined;
}
