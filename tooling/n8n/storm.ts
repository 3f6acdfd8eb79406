/**
 * An escalation storm against a live n8n: N POSTs at once to the storm workflow's webhook, each
 * for its own call and number, with the simulator holding the account to a rate limit; then what
 * reached "Plivo", counted per number. The e2e suite checks the counts, the benchmark prints them.
 */
import { request } from 'node:http';

import type { Counts, RateLimit, RequestRecord, Role } from '../../simulator';
import { agentOf, callNodeId, destination, seedCalls, type Sender } from '../workflows/senders';
import { stormPath, type StormBody } from '../workflows/storm';

export interface StormSimulator {
	readonly requests: ReadonlyArray<RequestRecord>;
	counts(): Counts;
	reset(): void;
	setRateLimit(limit: RateLimit | null): void;
	seedCall(call: {
		phloId: string;
		nodeId: string;
		members: Array<{ address: string; role: Role }>;
	}): void;
}

/** The kind of limit a storm meets beyond its requests per second (the simulator's RateLimit). */
export type StormLimit = Pick<RateLimit, 'kind' | 'windowSeconds' | 'burst'>;

/** The limit in words, e.g. "sliding 5 s window (25 per 5 s)". */
export function describeLimit(perSecond: number, limit: StormLimit = {}): string {
	const { kind = 'sliding', windowSeconds = 1, burst = perSecond } = limit;
	if (kind === 'fixed') return 'fixed wall-clock second';
	if (kind === 'bucket') return `token bucket (burst ${burst}, no Retry-After)`;
	if (windowSeconds === 1) return 'sliding 1 s window';
	return `sliding ${windowSeconds} s window (${perSecond * windowSeconds} per ${windowSeconds} s)`;
}

export interface StormResult {
	sender: Sender;
	count: number;
	perSecond: number;
	/** The kind of limit, in words (describeLimit). */
	limit: string;
	/** POSTs the webhook answered with 200. */
	accepted: number;
	/** The other answers: status → POSTs (0: the connection failed). */
	notAccepted: Record<number, number>;
	/** Numbers never transferred. */
	lost: number;
	/**
	 * Transfers for a number that reached Plivo (were not refused with 429) beyond the first. The
	 * simulator refuses a second transfer to someone already on the call, as a live call would, so
	 * counting only the accepted ones would hide a repeat.
	 */
	duplicates: number;
	/** Requests that reached the simulator, and how many of them it refused with 429. */
	received: number;
	refused: number;
	/** From the first POST to the last transfer, and that over the least possible, N ÷ limit. */
	seconds: number;
	ratio: number;
	/** From the first POST to n8n's answer to the last one (how fast n8n took the storm in). */
	intakeSeconds: number;
	/** Transfers in each 10 s from the first POST: how the pace settled. */
	perTenSeconds: number[];
	/** Where the time went: POSTs n8n answered and 429s in each 10 s, and the first request's time. */
	answeredPerTenSeconds: number[];
	refusedPerTenSeconds: number[];
	firstRequestSeconds: number;
}

/** After the last request, this long without one means every execution has ended. */
const QUIET_MS = 20_000;
/** …and this long once every number is through. */
const AFTER_LAST_MS = 3000;
const LONGEST_MS = 15 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const webhookUrl = (baseUrl: string, path: string) => `${baseUrl}/webhook/${path}`;

/**
 * n8n answers a GET on a live POST webhook with 404 "…not registered for GET requests…", and on a
 * path it has not registered (yet) with "…not registered." `n8n start` reports ready before its
 * published workflows are live, so the storm waits for this.
 */
export async function waitForWebhook(baseUrl: string, path: string): Promise<void> {
	const deadline = Date.now() + 120_000;
	let answer = '';
	while (Date.now() < deadline) {
		answer = await fetch(webhookUrl(baseUrl, path)).then(
			(response) => response.text(),
			(error: Error) => error.message,
		);
		if (answer.includes('not registered for GET')) return;
		await sleep(300);
	}
	throw new Error(`webhook ${path} is not live after 120 s: ${answer}`);
}

/**
 * One POST on its own connection; resolves with the status (0 when the connection failed) and
 * when the answer ended. Plain node:http waits for the connection as long as the OS does: fetch
 * gives up after 10 s, which a thousand connections at once to one n8n on two cores can take.
 */
function post(url: string, body: object): Promise<Answer> {
	const payload = JSON.stringify(body);
	return new Promise((resolve) => {
		const req = request(url, {
			method: 'POST',
			agent: false,
			headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
		});
		req.on('response', (response) => {
			response.resume();
			response.on('end', () => resolve({ status: response.statusCode ?? 0, at: Date.now() }));
		});
		req.on('error', () => resolve({ status: 0, at: Date.now() }));
		req.end(payload);
	});
}

interface Answer {
	status: number;
	at: number;
}

const body = (i: number): StormBody => ({
	nodeId: callNodeId(i),
	to: destination(i),
	agent: agentOf(i),
});

/**
 * Once the webhook is live: a clean simulator with `count` calls and the given rate limit, then
 * one POST per call, all at once. When the POSTs started, and what n8n answered to each.
 */
async function postToCalls(
	simulator: StormSimulator,
	baseUrl: string,
	sender: Sender,
	count: number,
	rateLimit: RateLimit | null,
): Promise<{ started: number; answers: Answer[] }> {
	await waitForWebhook(baseUrl, stormPath(sender));
	simulator.reset();
	seedCalls(simulator, count, agentOf);
	simulator.setRateLimit(rateLimit);
	const url = webhookUrl(baseUrl, stormPath(sender));
	const started = Date.now();
	const answers = await Promise.all(Array.from({ length: count }, (_, i) => post(url, body(i))));
	return { started, answers };
}

/**
 * n8n's intake alone: `count` POSTs at once to a live webhook at `path` (the benchmark's baseline,
 * a workflow that does nothing with them). Seconds until the last answer, and the statuses.
 */
export async function postAtOnce(
	baseUrl: string,
	path: string,
	count: number,
): Promise<{ seconds: number; accepted: number }> {
	await waitForWebhook(baseUrl, path);
	const url = webhookUrl(baseUrl, path);
	const started = Date.now();
	const answers = await Promise.all(Array.from({ length: count }, (_, i) => post(url, body(i))));
	return {
		seconds: (Math.max(...answers.map((a) => a.at)) - started) / 1000,
		accepted: answers.filter((a) => a.status === 200).length,
	};
}

/** Executions in the warm-up. */
const WARM_UP = 20;
/** How long the simulator stays quiet after the warm-up before the storm may start. */
const QUIET_AFTER_WARM_UP_MS = 5000;

/**
 * A few executions, without a rate limit, before the storm: an n8n in use has run executions
 * before an incident, while a process just started takes its first webhooks several seconds
 * slower (a queue-mode main started for the storm took 300 POSTs in 7–8 s, then 3 s, and the first
 * transfer came 6–8 s after the first POST, then 2 s). Callers warm up before each storm, so both
 * senders get the same; the simulator is quiet QUIET_AFTER_WARM_UP_MS after it, and runStorm
 * counts nothing of it.
 */
export async function warmUpStorm(
	simulator: StormSimulator,
	baseUrl: string,
	sender: Sender,
): Promise<void> {
	await postToCalls(simulator, baseUrl, sender, WARM_UP, null);
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const last = simulator.requests.at(-1)?.at ?? 0;
		const through = simulator.requests.filter((request) => request.processed).length;
		if (through >= WARM_UP && Date.now() - last >= QUIET_AFTER_WARM_UP_MS) return;
		await sleep(250);
	}
	throw new Error(`the storm's warm-up: not all ${WARM_UP} transfers arrived within 60 s`);
}

export async function runStorm(
	simulator: StormSimulator,
	baseUrl: string,
	sender: Sender,
	{
		count,
		perSecond,
		limit,
		quietMs = QUIET_MS,
	}: { count: number; perSecond: number; limit?: StormLimit; quietMs?: number },
): Promise<StormResult> {
	const { started, answers } = await postToCalls(simulator, baseUrl, sender, count, {
		perSecond,
		...limit,
	});
	const intakeEnded = Date.now();
	const intakeSeconds = (intakeEnded - started) / 1000;
	const transfers = () => simulator.requests.filter((request) => request.processed);
	// Done when quiet: briefly once every number is through (a late duplicate would still show),
	// for longer while some are missing (executions may still be waiting out a Retry-After).
	const allThrough = () => Object.keys(simulator.counts().byTo).length >= count;
	while (Date.now() - started < LONGEST_MS) {
		const quiet = Date.now() - (simulator.requests.at(-1)?.at ?? intakeEnded);
		if (quiet > (allThrough() ? Math.min(AFTER_LAST_MS, quietMs) : quietMs)) break;
		await sleep(Math.min(500, quietMs / 4));
	}

	const { byTo, received, rateLimited } = simulator.counts();
	const reachedPlivo = simulator.requests
		.filter((request) => request.fault !== 'rateLimit')
		.map((request) => String((request.body as { to?: unknown } | undefined)?.to));
	const numbers = Array.from({ length: count }, (_, i) => destination(i));
	const lastTransfer = Math.max(started, ...transfers().map((request) => request.at));
	const seconds = (lastTransfer - started) / 1000;
	const result: StormResult = {
		sender,
		count,
		perSecond,
		limit: describeLimit(perSecond, limit),
		accepted: answers.filter((answer) => answer.status === 200).length,
		notAccepted: tally(answers.filter((a) => a.status !== 200).map((a) => a.status)),
		lost: numbers.filter((number) => !byTo[number]).length,
		duplicates: Object.values(tally(reachedPlivo)).reduce((sum, times) => sum + times - 1, 0),
		received,
		refused: rateLimited,
		seconds,
		ratio: seconds / (count / perSecond),
		intakeSeconds,
		perTenSeconds: perTen(transfers(), started, seconds),
		answeredPerTenSeconds: perTen(answers, started, seconds),
		refusedPerTenSeconds: perTen(
			simulator.requests.filter((request) => request.fault === 'rateLimit'),
			started,
			seconds,
		),
		firstRequestSeconds: ((simulator.requests[0]?.at ?? started) - started) / 1000,
	};
	simulator.reset();
	return result;
}

/** How many of `events` fell in each 10 s from `started`; the last bucket takes any later ones. */
function perTen(events: Array<{ at: number }>, started: number, seconds: number): number[] {
	const buckets = Array<number>(Math.max(1, Math.ceil(seconds / 10))).fill(0);
	for (const { at } of events)
		buckets[Math.max(0, Math.min(Math.floor((at - started) / 10_000), buckets.length - 1))]++;
	return buckets;
}

function tally<K extends string | number>(values: K[]): Record<K, number> {
	const counts = {} as Record<K, number>;
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** One line: what was lost and duplicated, and how long it took against the least possible. */
export const describeStorm = (r: StormResult) =>
	`${r.count} POSTs at ${r.perSecond}/s, ${r.limit}: ${r.accepted} accepted` +
	(r.accepted < r.count ? ` (others: ${JSON.stringify(r.notAccepted)})` : '') +
	`, ${r.lost} lost, ${r.duplicates} duplicates, ` +
	`${r.received} requests (${r.refused} refused with 429), all POSTs answered in ${r.intakeSeconds.toFixed(1)} s, first POST → last transfer ${r.seconds.toFixed(1)} s ` +
	`= ${r.ratio.toFixed(2)} × N ÷ limit; transfers per 10 s: ${r.perTenSeconds.join(' ')}`;

/** Where the time went: n8n's answers, Plivo's 429s and the first request, per 10 s. */
export const describeStormTimeline = (r: StormResult) =>
	`first request ${r.firstRequestSeconds.toFixed(1)} s after the first POST; per 10 s: POSTs answered ${r.answeredPerTenSeconds.join(' ')}; 429s ${r.refusedPerTenSeconds.join(' ')}`;
