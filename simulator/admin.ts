/**
 * A client for the simulator's `/__sim/` admin endpoints (adminRoutes.ts), for a simulator running in another
 * process (`npm run simulator`): read the request record and counts, script faults and limits,
 * seed calls and PHLOs.
 */
import type { FireRequest, PhloStep, StatusCallback } from './callbacks';
import type { CallState } from './callState';
import type { Delivery } from './delivery';
import type { FaultSpec } from './faults';
import type { PhloDefinition, SeededCall } from './phloBook';
import type { RateLimit } from './rateLimiter';
import type { OtherHostRequest } from './otherHost';
import type { Counts, ParticipantRecord, RequestRecord } from './record';

export class SimulatorAdmin {
	constructor(readonly url: string) {}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/__sim/${path}`, {
			method,
			headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await response.json()) as T & { error?: string };
		if (!response.ok)
			throw new Error(`simulator admin ${method} ${path}: ${json.error ?? response.status}`);
		return json;
	}

	requests = () => this.call<RequestRecord[]>('GET', 'requests');
	counts = () => this.call<Counts & { duplicates: Record<string, number> }>('GET', 'counts');
	participants = () => this.call<Record<string, ParticipantRecord>>('GET', 'participants');
	otherHostRequests = () => this.call<OtherHostRequest[]>('GET', 'other-host/requests');
	reset = () => this.call('POST', 'reset');
	/** `match.pathRegex` instead of a RegExp; `times: null` for always. */
	addFault = (spec: Omit<FaultSpec, 'times'> & { times?: number | null }) =>
		this.call('POST', 'faults', spec.times === Infinity ? { ...spec, times: null } : spec);
	clearFaults = () => this.call('DELETE', 'faults');
	setRateLimit = (limit: RateLimit | null) => this.call('PUT', 'rate-limit', limit ?? {});
	setLatency = (ms: number) => this.call('PUT', 'latency', { ms });
	addPhlo = (definition: PhloDefinition) => this.call('POST', 'phlos', definition);
	seedCall = (call: SeededCall) => this.call('POST', 'calls', call);
	getCall = (phloId: string, nodeId: string) =>
		this.call<CallState>('GET', `calls/${phloId}/${nodeId}`);
	setStatusCallback = (callback: StatusCallback) => this.call('PUT', 'status-callbacks', callback);
	setPhloStep = (step: PhloStep) => this.call('PUT', 'phlo-steps', step);
	/** Sends the event (or `count` at once) and resolves with what the receiver answered. */
	fireEvent = (request: FireRequest) => this.call<Delivery[]>('POST', 'events', request);
	replay = (seq: number) => this.call<Delivery>('POST', 'events/replay', { seq });
	deliveries = () => this.call<Delivery[]>('GET', 'deliveries');
}
