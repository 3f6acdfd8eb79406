/**
 * The simulator's HTTP server and its request pipeline: admin endpoints first, then the record,
 * latency, Basic auth, the rate limit, scripted faults and Plivo's routes. Each step lives in its
 * own module; this one only wires them and keeps the in-process API tests drive.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { authenticate, DEFAULT_ACCOUNT, type Account } from './accounts';
import { handleAdmin, isAdminPath, type SimulatorControls } from './adminRoutes';
import { STATUS_TEXT, writeAnswer, type Exchange } from './answers';
import { Callbacks } from './callbacks';
import type { CallState } from './callState';
import { sendFault } from './faultResponses';
import { Fault, type FaultSpec } from './faults';
import { parseJson, readBody, safeDecode, sleep } from './http';
import { OtherHost, type OtherHostRequest } from './otherHost';
import { PhloBook, type PhloDefinition, type SeededCall } from './phloBook';
import { answerPlivo, participantOf } from './plivoRoutes';
import { RateLimiter, type RateLimit } from './rateLimiter';
import { RequestLog, type Counts, type ParticipantRecord, type RequestRecord } from './record';

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

export class Simulator implements SimulatorControls {
	private readonly log = new RequestLog();
	private readonly book: PhloBook;
	private readonly rateLimiter = new RateLimiter();
	private faults: Fault[] = [];
	private latencyMs: number;
	/** Plivo's requests to n8n: status callbacks, PHLO steps, fired events (callbacks.ts). */
	readonly callbacks: Callbacks;

	constructor(
		private readonly server: Server,
		private readonly options: SimulatorOptions,
		/** "Another host" on 127.0.0.2 that redirect faults point to (undefined if it could not listen). */
		readonly otherHost?: OtherHost,
	) {
		this.latencyMs = options.latencyMs ?? 0;
		this.book = new PhloBook(options.seed !== false);
		const [account] = options.accounts ?? [DEFAULT_ACCOUNT];
		this.callbacks = new Callbacks(
			() => ({ authToken: account.authToken }),
			(phloId, nodeId) => this.book.getCall(phloId, nodeId),
		);
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	get url(): string {
		return `http://${this.options.host ?? '127.0.0.1'}:${this.port}`;
	}

	async close(): Promise<void> {
		this.callbacks.deliveries.close();
		await this.otherHost?.close();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Every request the API side received since the last reset, in arrival order. */
	get requests(): RequestRecord[] {
		return this.log.requests;
	}

	/** The most requests that were open at once since the last reset (the client's concurrency). */
	get peakInFlight(): number {
		return this.log.peakInFlight;
	}

	/** Per participant (see RequestRecord.participant): most requests open at once, arrival order. */
	participants(): Record<string, ParticipantRecord> {
		return this.log.participants();
	}

	/** What the other host (127.0.0.2) received: a redirect that was followed shows here. */
	otherHostRequests(): OtherHostRequest[] {
		return this.otherHost?.requests ?? [];
	}

	/** Back to the seeded state: no requests, faults, limit or latency. */
	reset(): void {
		this.log.reset();
		this.otherHost?.reset();
		this.faults = [];
		this.rateLimiter.set(null);
		this.latencyMs = this.options.latencyMs ?? 0;
		this.book.reset();
		this.callbacks.reset();
	}

	setLatency(ms: number): void {
		this.latencyMs = ms;
	}

	/** Answer 429 beyond the account's limit (kinds: rateLimiter.ts); null lifts every limit. */
	setRateLimit(limit: RateLimit | null): void {
		this.rateLimiter.set(limit);
	}

	addFault(spec: FaultSpec): void {
		this.faults.push(new Fault(spec));
	}

	clearFaults(): void {
		this.faults = [];
	}

	addPhlo(definition: PhloDefinition): void {
		this.book.addPhlo(definition);
	}

	/** Puts members on a call (connected unless a status is given), replacing any call on that node. */
	seedCall(call: SeededCall): void {
		this.book.seedCall(call);
	}

	getCall(phloId: string, nodeId: string): CallState {
		return this.book.getCall(phloId, nodeId);
	}

	counts(): Counts {
		return this.log.counts();
	}

	/** Requests Plivo acted on more than once: `METHOD path body` → times. */
	duplicates(): Record<string, number> {
		return this.log.duplicates();
	}

	/** Handles one HTTP request: admin endpoints, then auth, rate limit, faults and the API. */
	async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const rawBody = await readBody(request);
		const method = request.method ?? 'GET';
		const path = (request.url ?? '/').split('?')[0];
		if (isAdminPath(path)) return handleAdmin(this, method, path, rawBody, response);

		const record = this.log.open(
			{
				method,
				path,
				decodedPath: safeDecode(path),
				rawBody,
				body: parseJson(rawBody),
				authorization: request.headers.authorization,
				userAgent: request.headers['user-agent'],
				participant: participantOf(method, safeDecode(path), parseJson(rawBody)),
			},
			response,
		);
		const urls = { self: this.url, otherHost: this.otherHost?.url };
		const exchange: Exchange = { response, record, log: this.options.log, urls };
		if (this.latencyMs > 0) await sleep(this.latencyMs);

		const account = authenticate(record.authorization, this.options.accounts ?? [DEFAULT_ACCOUNT]);
		if (!account) {
			const json = record.authorization
				? { api_id: randomUUID(), error: 'invalid authentication credentials' }
				: { error: STATUS_TEXT[401] };
			return writeAnswer(exchange, { status: 401, json });
		}
		exchange.token = account.authToken;
		const limited = this.rateLimiter.check(account.authId);
		if (limited) {
			record.fault = 'rateLimit';
			return writeAnswer(exchange, limited);
		}
		const fault = this.faultFor(record);
		if (!fault) return writeAnswer(exchange, this.act(record, account));

		record.fault = fault.spec.kind;
		const processed = fault.processes ? this.act(record, account) : undefined;
		return sendFault(exchange, fault.spec, processed);
	}

	/** Plivo acts on the request; a change to a watched call sends its status callbacks. */
	private act(record: RequestRecord, account: Account) {
		const answer = answerPlivo(this.book, record, account);
		if (record.processed) void this.callbacks.stateChanged();
		return answer;
	}

	/** The first fault that hits takes the request; the others only count it. */
	private faultFor(record: RequestRecord): Fault | undefined {
		let fault: Fault | undefined;
		for (const candidate of this.faults) {
			if (fault) candidate.observe(record.method, record.path);
			else if (candidate.hit(record.method, record.path)) fault = candidate;
		}
		return fault;
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
	simulator = new Simulator(server, { ...options, host }, await OtherHost.start());
	return simulator;
}
