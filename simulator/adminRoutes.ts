/**
 * The simulator's own `/__sim/` endpoints, for a simulator running in another process (the e2e
 * suite, `npm run simulator`): read the record and counts, script faults, limits and latency, seed
 * PHLOs and calls. Not part of Plivo's API; admin requests are not recorded. Client: admin.ts.
 */
import type { ServerResponse } from 'node:http';

import type { Callbacks, FireRequest, PhloStep, StatusCallback } from './callbacks';
import type { CallState } from './callState';
import type { FaultSpec } from './faults';
import { parseJson } from './http';
import type { PhloDefinition, SeededCall } from './phloBook';
import type { OtherHostRequest } from './otherHost';
import { rateLimitFromJson, type RateLimit } from './rateLimiter';
import type { Counts, ParticipantRecord, RequestRecord } from './record';

/** What the admin endpoints drive: the simulator's in-process API. */
export interface SimulatorControls {
	readonly requests: RequestRecord[];
	counts(): Counts;
	duplicates(): Record<string, number>;
	reset(): void;
	addFault(spec: FaultSpec): void;
	clearFaults(): void;
	setRateLimit(limit: RateLimit | null): void;
	setLatency(ms: number): void;
	addPhlo(definition: PhloDefinition): void;
	seedCall(call: SeededCall): void;
	getCall(phloId: string, nodeId: string): CallState;
	participants(): Record<string, ParticipantRecord>;
	otherHostRequests(): OtherHostRequest[];
	readonly callbacks: Callbacks;
}

type Body = Record<string, unknown>;
type Handler = (controls: SimulatorControls, body: Body, params: string[]) => unknown;

const OK = { ok: true };

/** `METHOD path` (path as a RegExp whose groups become params) → what it does and answers. */
const ROUTES: Array<[string, RegExp, Handler]> = [
	['GET', /^requests$/, (sim) => sim.requests],
	['GET', /^counts$/, (sim) => ({ ...sim.counts(), duplicates: sim.duplicates() })],
	['GET', /^participants$/, (sim) => sim.participants()],
	['GET', /^other-host\/requests$/, (sim) => sim.otherHostRequests()],
	[
		'POST',
		/^reset$/,
		(sim) => {
			sim.reset();
			return OK;
		},
	],
	[
		'POST',
		/^faults$/,
		(sim, body) => {
			sim.addFault(faultFromJson(body));
			return OK;
		},
	],
	[
		'DELETE',
		/^faults$/,
		(sim) => {
			sim.clearFaults();
			return OK;
		},
	],
	[
		'PUT',
		/^rate-limit$/,
		(sim, body) => {
			sim.setRateLimit(rateLimitFromJson(body));
			return OK;
		},
	],
	[
		'PUT',
		/^latency$/,
		(sim, body) => {
			sim.setLatency(Number(body.ms ?? 0));
			return OK;
		},
	],
	[
		'POST',
		/^phlos$/,
		(sim, body) => {
			sim.addPhlo(body as unknown as PhloDefinition);
			return OK;
		},
	],
	[
		'POST',
		/^calls$/,
		(sim, body) => {
			sim.seedCall(body as unknown as SeededCall);
			return OK;
		},
	],
	[
		'GET',
		/^calls\/([^/]+)\/([^/]+)$/,
		(sim, _body, [phloId, nodeId]) => sim.getCall(phloId, nodeId),
	],
	// Plivo's requests to n8n (callbacks.ts): where they go, fire one, replay one, what was answered.
	[
		'PUT',
		/^status-callbacks$/,
		(sim, body) => {
			sim.callbacks.setStatusCallback(body as unknown as StatusCallback);
			return OK;
		},
	],
	[
		'PUT',
		/^phlo-steps$/,
		(sim, body) => {
			sim.callbacks.setPhloStep(body as unknown as PhloStep);
			return OK;
		},
	],
	['POST', /^events$/, (sim, body) => sim.callbacks.fire(body as unknown as FireRequest)],
	['POST', /^events\/replay$/, (sim, body) => sim.callbacks.deliveries.resend(Number(body.seq))],
	['GET', /^deliveries$/, (sim) => sim.callbacks.deliveries.records],
];

/** JSON has no Infinity: `times: null` (or "Infinity") means always. */
function faultFromJson(body: Body): FaultSpec {
	const spec = body as unknown as FaultSpec;
	if (spec.times === null || (spec.times as unknown) === 'Infinity') spec.times = Infinity;
	return spec;
}

export function isAdminPath(path: string): boolean {
	return path.startsWith('/__sim/');
}

export function handleAdmin(
	controls: SimulatorControls,
	method: string,
	path: string,
	rawBody: string,
	response: ServerResponse,
): void {
	const reply = (json: unknown, status = 200) => {
		const text = JSON.stringify(json);
		response.writeHead(status, {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(text),
		});
		response.end(text);
	};
	const route = path.slice('/__sim/'.length).replace(/\/$/, '');
	const body = (parseJson(rawBody) ?? {}) as Body;
	for (const [routeMethod, pattern, handler] of ROUTES) {
		const match = route.match(pattern);
		if (routeMethod !== method || !match) continue;
		// A handler may answer later (events wait for the receiver's answer).
		return void new Promise((resolve) => resolve(handler(controls, body, match.slice(1)))).then(
			(json) => reply(json),
			(error: Error) => reply({ error: error.message }, 400),
		);
	}
	reply({ error: `no admin route ${method} /__sim/${route}` }, 404);
}
