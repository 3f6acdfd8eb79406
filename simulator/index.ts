/**
 * The PHLO simulator: a real HTTP server on a loopback port that speaks Plivo's PHLO API
 * (phlo-api.md) with Basic auth, Plivo's body shapes and error texts, a multi-party call state
 * model, a record of every request, scripted faults and a rate limiter. The demo, the tests, the
 * end-to-end suite and the benchmark all run against it; it is not part of the published package.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	DIAL_ACTIONS,
	MEMBER_ACTIONS,
	MultiPartyCall,
	StateError,
	type CallState,
	type DialAction,
	type MemberAction,
	type Role,
} from './callState';
import { Fault, type FaultKind, type FaultSpec } from './faults';

export { SimulatorAdmin } from './admin';
export type { CallState, Member, MemberStatus, Role, Transfer } from './callState';
export type { FaultKind, FaultMatch, FaultSpec } from './faults';

export interface Account {
	authId: string;
	authToken: string;
	name: string;
}

/** The account the demo, tests and end-to-end suite sign in with. Not a real Plivo credential. */
export const DEFAULT_ACCOUNT: Account = {
	authId: 'MA0123456789ABCDEF01',
	authToken: 'sim-token-7f3a9c2e5b1d4068',
	name: 'PHLO simulator',
};

/** The seeded support PHLO: a customer on a call with an agent, and a specialist to escalate to. */
export const DEMO = {
	phloId: 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8',
	nodeId: '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e',
	customer: '+14155550100',
	agent: '+14155550111',
	specialist: '+14155550122',
	phloName: 'Support escalation',
	nodeName: 'Multi-Party Call_1',
} as const;

/** A second seeded PHLO whose runs stop with Plivo's "output state: failed" message. */
export const FAILING_PHLO = {
	phloId: 'e3c8a7d1-2f4b-4e6a-8b9c-0d1e2f3a4b5c',
	nodeId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
	phloName: 'Failing reminder',
} as const;

export interface PhloDefinition {
	phloId: string;
	name: string;
	/** Multi-Party Call nodes in the PHLO: node ID → name. */
	nodes?: Record<string, string>;
	/** The node a run's call starts on, when its payload names a `customer` and an `agent`. */
	mpcNodeId?: string;
	/** 'failed' makes every run answer with Plivo's "stopped … output state: failed" message. */
	runOutcome?: 'completed' | 'failed';
}

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

export interface SimulatorOptions {
	host?: string;
	port?: number;
	accounts?: Account[];
	latencyMs?: number;
	/** Seed the demo PHLOs and the demo call (default true). */
	seed?: boolean;
	/** Print one line per request. */
	log?: (line: string) => void;
}

interface Answer {
	status: number;
	json?: unknown;
	headers?: Record<string, string>;
}

const MPC_PATH = /^\/v1\/phlo\/([^/]+)\/multi_party_call\/([^/]+)\/?$/;
const MEMBER_PATH = /^\/v1\/phlo\/([^/]+)\/multi_party_call\/([^/]+)\/members\/([^/]+)\/?$/;
const PHLO_PATH = /^\/v1\/phlo\/([^/]+)\/?$/;
const RUN_PATH = /^\/v1\/account\/([^/]+)\/phlo\/([^/]+)\/?$/;
const ACCOUNT_PATH = /^\/v1\/Account\/([^/]+)\/?$/i;

const STATUS_TEXT: Record<number, string> = {
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const plivoDate = () => new Date().toISOString().replace('T', ' ').replace('Z', '000+00:00');
const failure = (status: number, error: string): Answer => ({
	status,
	json: { api_id: randomUUID(), error },
});

export class Simulator {
	readonly requests: RequestRecord[] = [];
	private faults: Fault[] = [];
	private phlos = new Map<
		string,
		Required<Omit<PhloDefinition, 'mpcNodeId'>> & { mpcNodeId?: string; createdOn: string }
	>();
	private calls = new Map<string, MultiPartyCall>();
	private latencyMs: number;
	private rateLimit: { perSecond: number; accepted: number[] } | null = null;
	private seq = 0;
	private inFlight = 0;
	private peak = 0;

	constructor(
		private readonly server: Server,
		private readonly options: SimulatorOptions,
	) {
		this.latencyMs = options.latencyMs ?? 0;
		this.seedState();
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	get url(): string {
		return `http://${this.options.host ?? '127.0.0.1'}:${this.port}`;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** The most requests that were open at once since the last reset (the client's concurrency). */
	get peakInFlight(): number {
		return this.peak;
	}

	/** Back to the seeded state: no requests, faults, limit or latency. */
	reset(): void {
		this.requests.length = 0;
		this.peak = this.inFlight;
		this.faults = [];
		this.rateLimit = null;
		this.latencyMs = this.options.latencyMs ?? 0;
		this.seq = 0;
		this.seedState();
	}

	setLatency(ms: number): void {
		this.latencyMs = ms;
	}

	/** Answer 429 (with Retry-After) beyond `perSecond` requests in any one-second window; null lifts it. */
	setRateLimit(limit: { perSecond: number } | null): void {
		this.rateLimit = limit ? { perSecond: limit.perSecond, accepted: [] } : null;
	}

	addFault(spec: FaultSpec): void {
		this.faults.push(new Fault(spec));
	}

	clearFaults(): void {
		this.faults = [];
	}

	addPhlo(definition: PhloDefinition): void {
		this.phlos.set(definition.phloId, {
			phloId: definition.phloId,
			name: definition.name,
			nodes: definition.nodes ?? {},
			runOutcome: definition.runOutcome ?? 'completed',
			mpcNodeId: definition.mpcNodeId,
			createdOn: plivoDate(),
		});
	}

	/** Puts members on a call (connected unless a status is given), replacing any call on that node. */
	seedCall(call: {
		phloId: string;
		nodeId: string;
		members: Array<{
			address: string;
			role: Role;
			status?: CallState['members'][number]['status'];
		}>;
	}): void {
		const phlo = this.phlos.get(call.phloId);
		if (!phlo)
			this.addPhlo({
				phloId: call.phloId,
				name: 'Seeded PHLO',
				nodes: { [call.nodeId]: DEMO.nodeName },
			});
		else if (!phlo.nodes[call.nodeId])
			phlo.nodes[call.nodeId] = `Multi-Party Call_${Object.keys(phlo.nodes).length + 1}`;
		this.calls.set(`${call.phloId}/${call.nodeId}`, new MultiPartyCall(call.members));
	}

	getCall(phloId: string, nodeId: string): CallState {
		return (this.calls.get(`${phloId}/${nodeId}`) ?? new MultiPartyCall()).snapshot();
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

	private seedState(): void {
		this.phlos.clear();
		this.calls.clear();
		if (this.options.seed === false) return;
		this.addPhlo({
			phloId: DEMO.phloId,
			name: DEMO.phloName,
			nodes: { [DEMO.nodeId]: DEMO.nodeName },
			mpcNodeId: DEMO.nodeId,
		});
		this.addPhlo({
			phloId: FAILING_PHLO.phloId,
			name: FAILING_PHLO.phloName,
			nodes: { [FAILING_PHLO.nodeId]: 'Multi-Party Call_1' },
			runOutcome: 'failed',
		});
		this.seedCall({
			phloId: DEMO.phloId,
			nodeId: DEMO.nodeId,
			members: [
				{ address: DEMO.customer, role: 'customer' },
				{ address: DEMO.agent, role: 'agent' },
			],
		});
	}

	/** Handles one HTTP request: admin endpoints, then auth, rate limit, faults and the API. */
	async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const rawBody = await readBody(request);
		const path = (request.url ?? '/').split('?')[0];
		if (path.startsWith('/__sim/'))
			return this.admin(request.method ?? 'GET', path, rawBody, response);

		const record: RequestRecord = {
			seq: ++this.seq,
			method: request.method ?? 'GET',
			path,
			decodedPath: safeDecode(path),
			rawBody,
			body: parseJson(rawBody),
			authorization: request.headers.authorization,
			userAgent: request.headers['user-agent'],
			status: 0,
			processed: false,
			at: Date.now(),
		};
		this.requests.push(record);
		this.peak = Math.max(this.peak, ++this.inFlight);
		response.once('close', () => this.inFlight--);
		if (this.latencyMs > 0) await sleep(this.latencyMs);

		const account = this.authenticate(record.authorization);
		if (!account) {
			const json = record.authorization
				? { api_id: randomUUID(), error: 'invalid authentication credentials' }
				: { error: STATUS_TEXT[401] };
			return this.send(response, record, { status: 401, json });
		}
		const limited = this.limit();
		if (limited) {
			record.fault = 'rateLimit';
			return this.send(response, record, limited);
		}
		// The first fault that hits takes the request; the others only count it.
		let fault: Fault | undefined;
		for (const candidate of this.faults) {
			if (fault) candidate.observe(record.method, record.path);
			else if (candidate.hit(record.method, record.path)) fault = candidate;
		}
		if (!fault) return this.send(response, record, this.process(record, account));

		record.fault = fault.spec.kind;
		const answer = fault.processes ? this.process(record, account) : undefined;
		return this.sendFault(response, record, fault.spec, answer);
	}

	/** Plivo's own logic: the answer, with the state change applied for a 2xx. */
	private process(record: RequestRecord, account: Account): Answer {
		const answer = this.route(record, account);
		record.processed = answer.status < 300;
		return answer;
	}

	private route(record: RequestRecord, account: Account): Answer {
		const { method, decodedPath: path } = record;
		let match: RegExpMatchArray | null;
		if ((match = path.match(ACCOUNT_PATH))) {
			if (method !== 'GET') return failure(405, STATUS_TEXT[405]);
			if (match[1] !== account.authId)
				return failure(401, 'auth_id in the URL does not match the credentials');
			return {
				status: 200,
				json: {
					api_id: randomUUID(),
					auth_id: account.authId,
					account_type: 'standard',
					name: account.name,
					cash_credits: '25.00000',
					timezone: 'Etc/UTC',
					resource_uri: `/v1/Account/${account.authId}/`,
				},
			};
		}
		if ((match = path.match(RUN_PATH))) {
			if (method !== 'POST') return failure(405, STATUS_TEXT[405]);
			if (match[1] !== account.authId)
				return failure(401, 'auth_id in the URL does not match the credentials');
			return this.run(match[2], record);
		}
		if ((match = path.match(MEMBER_PATH))) {
			if (method !== 'POST') return failure(405, STATUS_TEXT[405]);
			return this.memberAction(match[1], match[2], match[3], record.body);
		}
		if ((match = path.match(MPC_PATH))) {
			const found = this.node(match[1], match[2]);
			if ('status' in found) return found;
			if (method === 'GET') {
				return {
					status: 200,
					json: {
						api_id: randomUUID(),
						node_id: match[2],
						phlo_id: match[1],
						name: found.name,
						node_type: 'multi_party_call',
						created_on: found.createdOn,
					},
				};
			}
			if (method !== 'POST') return failure(405, STATUS_TEXT[405]);
			return this.dial(match[1], match[2], record.body);
		}
		if ((match = path.match(PHLO_PATH))) {
			if (method !== 'GET') return failure(405, STATUS_TEXT[405]);
			const phlo = this.phlos.get(match[1]);
			if (!phlo) return failure(404, 'PHLO not found');
			return {
				status: 200,
				json: {
					api_id: randomUUID(),
					phlo_id: phlo.phloId,
					name: phlo.name,
					created_on: phlo.createdOn,
				},
			};
		}
		return failure(404, STATUS_TEXT[404]);
	}

	private node(phloId: string, nodeId: string): Answer | { name: string; createdOn: string } {
		const phlo = this.phlos.get(phloId);
		if (!phlo) return failure(404, 'PHLO not found');
		const name = phlo.nodes[nodeId];
		if (!name) return failure(404, 'Multi-Party Call node not found in this PHLO');
		return { name, createdOn: phlo.createdOn };
	}

	private call(phloId: string, nodeId: string): MultiPartyCall {
		const key = `${phloId}/${nodeId}`;
		let call = this.calls.get(key);
		if (!call) this.calls.set(key, (call = new MultiPartyCall()));
		return call;
	}

	private run(phloId: string, record: RequestRecord): Answer {
		const phlo = this.phlos.get(phloId);
		if (!phlo) return failure(404, 'PHLO not found');
		const payload = record.rawBody.trim() === '' ? {} : record.body;
		if (!isObject(payload)) return failure(400, 'Invalid payload: expected a JSON object.');
		const runId = randomUUID();
		if (phlo.runOutcome === 'failed') {
			const source = Object.keys(phlo.nodes)[0] ?? randomUUID();
			return {
				status: 201,
				json: {
					phlo_id: phloId,
					api_id: runId,
					message: `Phlo run ${runId} stopped. next node uuid not found for source node ${source}, output state: failed`,
				},
			};
		}
		// A run whose payload names a customer and an agent starts a call they are both on.
		if (
			phlo.mpcNodeId &&
			typeof payload.customer === 'string' &&
			typeof payload.agent === 'string'
		) {
			this.calls.set(
				`${phloId}/${phlo.mpcNodeId}`,
				new MultiPartyCall([
					{ address: payload.customer, role: 'customer' },
					{ address: payload.agent, role: 'agent' },
				]),
			);
		}
		return {
			status: 201,
			json: { phlo_id: phloId, api_id: runId, message: 'Phlo run triggered successfully.' },
		};
	}

	private dial(phloId: string, nodeId: string, body: unknown): Answer {
		if (!isObject(body)) return failure(400, 'Invalid payload: expected a JSON object.');
		const { action, to, role = 'agent', trigger_source: triggerSource } = body;
		if (action === undefined) return failure(400, 'action is a mandatory param.');
		if (!DIAL_ACTIONS.includes(action as DialAction))
			return failure(400, 'Invalid value provided for action.');
		if (typeof to !== 'string' || to === '') return failure(400, 'to is a mandatory param.');
		if (typeof triggerSource !== 'string' || triggerSource === '')
			return failure(400, 'trigger_source is a mandatory param.');
		if (role !== 'agent' && role !== 'customer')
			return failure(400, 'Invalid value provided for role.');
		return this.changeState(() =>
			this.call(phloId, nodeId).dial(action as DialAction, to, role, triggerSource),
		);
	}

	private memberAction(phloId: string, nodeId: string, address: string, body: unknown): Answer {
		const found = this.node(phloId, nodeId);
		if ('status' in found) return found;
		if (!isObject(body)) return failure(400, 'Invalid payload: expected a JSON object.');
		if (body.action === undefined) return failure(400, 'action is a mandatory param.');
		if (!MEMBER_ACTIONS.includes(body.action as MemberAction))
			return failure(400, 'Invalid value provided for action.');
		return this.changeState(() =>
			this.call(phloId, nodeId).act(body.action as MemberAction, address),
		);
	}

	private changeState(change: () => void): Answer {
		try {
			change();
		} catch (error) {
			if (error instanceof StateError) return failure(400, error.message);
			throw error;
		}
		return { status: 201, json: { api_id: randomUUID(), error: '' } };
	}

	private authenticate(header: string | undefined): Account | undefined {
		const match = header?.match(/^Basic\s+(\S+)$/i);
		if (!match) return undefined;
		const decoded = Buffer.from(match[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const [authId, authToken] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
		const accounts = this.options.accounts ?? [DEFAULT_ACCOUNT];
		return accounts.find((account) => account.authId === authId && account.authToken === authToken);
	}

	/** A sliding one-second window of accepted requests; beyond the limit, 429 until the oldest ages out. */
	private limit(): Answer | undefined {
		if (!this.rateLimit) return undefined;
		const now = Date.now();
		const window = this.rateLimit.accepted;
		while (window.length > 0 && now - window[0] >= 1000) window.shift();
		if (window.length < this.rateLimit.perSecond) {
			window.push(now);
			return undefined;
		}
		const wait = Math.max(1, Math.ceil((1000 - (now - window[0])) / 1000));
		return { ...failure(429, STATUS_TEXT[429]), headers: { 'Retry-After': String(wait) } };
	}

	private send(response: ServerResponse, record: RequestRecord, answer: Answer): void {
		const body = answer.json === undefined ? '' : JSON.stringify(answer.json);
		record.status = answer.status;
		this.options.log?.(
			`${record.method} ${record.path} → ${answer.status}${record.fault ? ` (${record.fault})` : ''}`,
		);
		response.writeHead(answer.status, {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(body),
			...answer.headers,
		});
		response.end(body);
	}

	private async sendFault(
		response: ServerResponse,
		record: RequestRecord,
		spec: FaultSpec,
		processed?: Answer,
	): Promise<void> {
		const fallback = processed ?? { status: 201, json: { api_id: randomUUID(), error: '' } };
		switch (spec.kind) {
			case 'status': {
				const status = spec.status ?? 500;
				const headers: Record<string, string> = {};
				if (spec.retryAfter === 'date') {
					headers['Retry-After'] = new Date(
						Date.now() + (spec.retryAfterSeconds ?? 1) * 1000,
					).toUTCString();
				} else if (spec.retryAfter !== undefined) {
					headers['Retry-After'] = String(spec.retryAfter);
				}
				if (spec.body !== undefined)
					return this.sendRaw(
						response,
						record,
						status,
						bodyText(spec.body),
						'application/json',
						headers,
					);
				return this.send(response, record, {
					...failure(status, STATUS_TEXT[status] ?? 'error'),
					headers,
				});
			}
			case 'delay':
				await sleep(spec.delayMs ?? 30_000);
				if (response.destroyed || response.socket?.destroyed) return;
				return this.send(response, record, processed ?? failure(504, STATUS_TEXT[504]));
			case 'reset': {
				if (!processed) {
					this.options.log?.(`${record.method} ${record.path} → connection reset`);
					request(response).socket?.destroy();
					return;
				}
				return this.cutOff(response, record, fallback);
			}
			case 'truncated':
				return this.cutOff(response, record, {
					...fallback,
					status: spec.status ?? fallback.status,
				});
			case 'html':
				return this.sendRaw(
					response,
					record,
					spec.status ?? 502,
					bodyText(spec.body) ??
						'<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>',
					'text/html',
				);
			case 'empty':
				return this.sendRaw(response, record, spec.status ?? 200, '', 'application/json');
			case 'malformed':
				// A Python-style dict: looks like JSON, is not.
				return this.sendRaw(
					response,
					record,
					spec.status ?? 200,
					bodyText(spec.body) ?? `{'api_id': '${randomUUID()}', 'error': ''}`,
					'application/json',
				);
			case 'noApiId':
				return this.sendRaw(
					response,
					record,
					spec.status ?? 201,
					bodyText(spec.body) ?? '{"error":""}',
					'application/json',
				);
		}
	}

	private sendRaw(
		response: ServerResponse,
		record: RequestRecord,
		status: number,
		body: string,
		type: string,
		headers: Record<string, string> = {},
	): void {
		record.status = status;
		this.options.log?.(`${record.method} ${record.path} → ${status} (${record.fault})`);
		response.writeHead(status, {
			'Content-Type': type,
			'Content-Length': Buffer.byteLength(body),
			...headers,
		});
		response.end(body);
	}

	/** Announces the whole body, sends half of it, and drops the connection. */
	private cutOff(response: ServerResponse, record: RequestRecord, answer: Answer): void {
		const body = JSON.stringify(answer.json ?? {});
		record.status = answer.status;
		this.options.log?.(`${record.method} ${record.path} → ${answer.status}, cut off mid-body`);
		response.writeHead(answer.status, {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(body),
		});
		response.write(body.slice(0, Math.floor(body.length / 2)), () =>
			request(response).socket?.destroy(),
		);
	}

	private admin(method: string, path: string, rawBody: string, response: ServerResponse): void {
		const body = (parseJson(rawBody) ?? {}) as Record<string, unknown>;
		const reply = (json: unknown, status = 200) => {
			const text = JSON.stringify(json);
			response.writeHead(status, {
				'Content-Type': 'application/json',
				'Content-Length': Buffer.byteLength(text),
			});
			response.end(text);
		};
		const route = `${method} ${path.replace(/\/$/, '')}`;
		const callMatch = path.match(/^\/__sim\/calls\/([^/]+)\/([^/]+)\/?$/);
		try {
			if (route === 'GET /__sim/requests') return reply(this.requests);
			if (route === 'GET /__sim/counts')
				return reply({ ...this.counts(), duplicates: this.duplicates() });
			if (route === 'POST /__sim/reset') return reply((this.reset(), { ok: true }));
			if (route === 'POST /__sim/faults') {
				const spec = body as unknown as FaultSpec;
				if (spec.times === null || (spec.times as unknown) === 'Infinity') spec.times = Infinity;
				return reply((this.addFault(spec), { ok: true }));
			}
			if (route === 'DELETE /__sim/faults') return reply((this.clearFaults(), { ok: true }));
			if (route === 'PUT /__sim/rate-limit') {
				const perSecond = body.perSecond;
				return reply(
					(this.setRateLimit(typeof perSecond === 'number' ? { perSecond } : null), { ok: true }),
				);
			}
			if (route === 'PUT /__sim/latency')
				return reply((this.setLatency(Number(body.ms ?? 0)), { ok: true }));
			if (route === 'POST /__sim/phlos')
				return reply((this.addPhlo(body as unknown as PhloDefinition), { ok: true }));
			if (route === 'POST /__sim/calls') return reply((this.seedCall(body as never), { ok: true }));
			if (method === 'GET' && callMatch) return reply(this.getCall(callMatch[1], callMatch[2]));
		} catch (error) {
			return reply({ error: (error as Error).message }, 400);
		}
		reply({ error: `no admin route ${route}` }, 404);
	}
}

/** Starts the simulator on a loopback port (an ephemeral one unless `port` is given). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
	const host = options.host ?? '127.0.0.1';
	let simulator: Simulator | undefined;
	const server = createServer((request, response) => {
		simulator!.handle(request, response).catch((error: Error) => {
			if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'application/json' });
			response.end(
				JSON.stringify({ api_id: randomUUID(), error: `simulator fault: ${error.message}` }),
			);
		});
	});
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve());
	});
	simulator = new Simulator(server, { ...options, host });
	return simulator;
}

function request(response: ServerResponse): IncomingMessage {
	return response.req;
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

function parseJson(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function safeDecode(path: string): string {
	try {
		return path
			.split('/')
			.map((segment) => decodeURIComponent(segment))
			.join('/');
	} catch {
		return path;
	}
}

function bodyText<T extends string | object | undefined>(
	body: T,
): T extends undefined ? undefined : string;
function bodyText(body: string | object | undefined): string | undefined {
	return body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
