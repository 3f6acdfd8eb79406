/**
 * The promises the node makes, checked on one played scenario at the simulator and in the stored
 * execution. Each check returns what it found broken, in words; an empty list is a kept promise.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { RequestRecord } from '../../simulator/record';
import { DEFAULT_ACCOUNT, everything, PLIVO_NODE } from '../engine/setup';
import { dialledFor, type Played } from './runScenario';
import { parseJson } from '../../simulator/http';
import { MAX_ANSWER_BYTES } from '../../nodes/PlivoPhlo/transport/send';
import { expandBigTexts, SECRETS, type OperationName } from './scenario';

/** Operations whose request places, moves or ends a call: sent at most once per item. */
const ONCE: OperationName[] = ['run', 'warmTransfer', 'voicemailDrop'];

/** Faults after which the node cannot know whether "Plivo" acted. */
const UNKNOWN_OUTCOME = new Set(['delay', 'stall', 'drip', 'reset', 'truncated']);

/**
 * Whether "Plivo" may have acted on the request, as far as the node can tell: it did, or the
 * answer was a 2xx (even with an error text), a 3xx, a 5xx, or never complete. Only a complete
 * 4xx says it did not.
 */
export function mayHaveActed(request: RequestRecord): boolean {
	if (request.processed || request.status === 0) return true;
	if (request.fault && UNKNOWN_OUTCOME.has(request.fault)) return true;
	return request.status < 400 || request.status >= 500;
}

/**
 * Whether the request was answered as a success: a complete 2xx of "Plivo's" own, or one whose
 * only oddity is an extra field (an echoed token) or a scripted body with an api_id and no error.
 */
function answeredFine(played: Played, request: RequestRecord): boolean {
	if (request.status < 200 || request.status >= 300) return false;
	if (request.fault === undefined || request.fault === 'echoToken') return true;
	const spec = played.scenario.answers[request.seq - 1];
	// A padded success the node can read whole is an answer like any other.
	if (request.fault === 'oversized')
		return spec?.kind === 'oversized' && (spec.sizeBytes ?? Infinity) <= MAX_ANSWER_BYTES;
	if (request.fault !== 'status' || typeof spec?.body !== 'string') return false;
	const body = parseJson(expandBigTexts(spec.body)) as
		{ api_id?: unknown; error?: unknown } | undefined;
	return typeof body?.api_id === 'string' && !body.error;
}

/** The item a call-placing request was sent for, from what the item put in it. */
function itemOf(played: Played, request: RequestRecord): string | undefined {
	const body = (request.body ?? {}) as { item?: unknown; to?: unknown };
	if (played.scenario.operation === 'run')
		return body.item === undefined ? undefined : `item ${String(body.item)}`;
	if (played.scenario.operation === 'warmTransfer')
		return typeof body.to === 'string' ? `to ${body.to}` : undefined;
	return undefined;
}

/** At most one call-placing request per item per node run: none after one Plivo may have acted on. */
export function sentOnce(played: Played): string[] {
	if (!ONCE.includes(played.scenario.operation)) return [];
	const broken: string[] = [];
	const byItem = new Map<string, RequestRecord[]>();
	for (const request of played.requests) {
		if (request.method !== 'POST') continue;
		const key = itemOf(played, request) ?? `participant ${request.participant ?? '?'}`;
		byItem.set(key, [...(byItem.get(key) ?? []), request]);
	}
	const itemsPer = new Map<string, number>();
	for (const { call } of played.scenario.items)
		itemsPer.set(String(call), (itemsPer.get(String(call)) ?? 0) + 1);
	for (const [key, requests] of byItem) {
		if (key.startsWith('participant')) {
			// Member actions carry nothing of their item: count them against the participant's items.
			const acted = requests.filter(mayHaveActed).length;
			const items = Math.max(...itemsPer.values());
			if (acted > items)
				broken.push(`${key}: ${acted} requests Plivo may have acted on for at most ${items} items`);
			continue;
		}
		const first = requests.findIndex(mayHaveActed);
		if (first >= 0 && first < requests.length - 1)
			broken.push(
				`${key}: sent ${requests.length} times; request ${requests[first].seq} (status ${requests[first].status}${requests[first].fault ? `, ${requests[first].fault}` : ''}) may have been acted on, yet it was sent again`,
			);
	}
	return broken;
}

const pairedIndex = (item: INodeExecutionData): number | undefined => {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'number' ? paired : paired?.item;
};

/** N items out, each paired with its input, in order (across both outputs with an error output). */
export function itemsOut(played: Played): string[] {
	const { run, scenario } = played;
	if (run.nodeError(PLIVO_NODE) || run.cancelled) return [];
	const main = run.runData[PLIVO_NODE]?.[0]?.data?.main ?? [];
	const outputs = main.map((items) => items ?? []);
	const broken: string[] = [];
	const all: number[] = [];
	outputs.forEach((items, output) => {
		const indexes = items.map(pairedIndex);
		if (indexes.some((index, n) => index === undefined || (n > 0 && index <= indexes[n - 1]!)))
			broken.push(`output ${output} is not paired in item order: ${JSON.stringify(indexes)}`);
		all.push(...indexes.filter((index): index is number => index !== undefined));
	});
	const expected = scenario.items.map((_, index) => index);
	if (JSON.stringify([...all].sort((a, b) => a - b)) !== JSON.stringify(expected))
		broken.push(`${scenario.items.length} items in, paired items out: ${JSON.stringify(all)}`);
	return broken;
}

/** No secret in any output, error, hint or log, and no request with the token to another host. */
export function noSecret(played: Played): string[] {
	const text = [everything(played.run), ...played.logs].join('\n');
	// Each also as it reads inside JSON (the backslashes of `\u0073…` doubled).
	const secrets = { ...SECRETS, 'Auth ID': DEFAULT_ACCOUNT.authId };
	const broken = Object.entries(secrets)
		.filter(([, secret]) =>
			[secret, JSON.stringify(secret).slice(1, -1)].some((s) => text.includes(s)),
		)
		.map(([name]) => `the ${name} reached the execution or the log`);
	if (played.otherHost.some((request) => request.authorized))
		broken.push('a request carried the Authorization header to another host');
	return broken;
}

/** Every request ended by its Timeout (none still open when the run ended), and the run by what its options allow. */
export function withinBounds(played: Played): string[] {
	const { timeout } = played.scenario.options;
	const broken: string[] = [];
	if (played.run.cancelled) broken.push(`the run had not ended after ${played.boundMs} ms`);
	for (const request of played.requests) {
		const stillOpen = played.openAtEnd.includes(request.seq);
		const tookMs =
			(stillOpen ? played.observedAt : (request.endedAt ?? played.observedAt)) - request.at;
		if (stillOpen && tookMs > timeout)
			broken.push(
				`request ${request.seq} was still open when the run ended, ${tookMs} ms after it was sent`,
			);
		else if (tookMs > timeout + 1000)
			broken.push(`request ${request.seq} was open ${tookMs} ms with a Timeout of ${timeout} ms`);
	}
	return broken;
}

/**
 * Per participant: one request open at a time, and items in order: none overtakes an earlier one,
 * and none goes after an earlier one failed or went unknown (Warm Transfer names its items).
 */
export function participantOrder(played: Played): string[] {
	const broken: string[] = [];
	const byParticipant = new Map<string, RequestRecord[]>();
	for (const request of played.requests) {
		if (request.participant === undefined) continue;
		byParticipant.set(request.participant, [
			...(byParticipant.get(request.participant) ?? []),
			request,
		]);
	}
	for (const [participant, requests] of byParticipant) {
		const sorted = [...requests].sort((a, b) => a.at - b.at);
		sorted.forEach((request, n) => {
			const next = sorted[n + 1];
			if (next && request.endedAt !== undefined && next.at < request.endedAt)
				broken.push(`${participant}: request ${next.seq} started while ${request.seq} was open`);
		});
		if (played.scenario.operation !== 'warmTransfer') continue;
		const itemIndex = (request: RequestRecord) => {
			const to = (request.body as { to?: string } | undefined)?.to;
			return played.scenario.items.findIndex((_, index) => dialledFor(index) === to);
		};
		// A later item goes only once every earlier one that failed (or is unknown) was answered.
		let failedItem: number | undefined;
		for (const request of requests) {
			const index = itemIndex(request);
			if (failedItem !== undefined && index > failedItem)
				broken.push(
					`${participant}: item ${index} was sent after item ${failedItem} failed or went unknown`,
				);
			if (failedItem === undefined || index === failedItem)
				failedItem = answeredFine(played, request) ? undefined : index;
		}
	}
	return broken;
}

/** A read sent once the longest Max Retry Wait has passed reaches Plivo. */
export function accountNotLocked(played: Played): string[] {
	return played.probeSent
		? []
		: [`a read ${played.scenario.options.maxRetryWait} s after the last 429 was not sent`];
}

export const INVARIANTS = {
	sentOnce,
	itemsOut,
	noSecret,
	withinBounds,
	participantOrder,
	accountNotLocked,
};

export type InvariantName = keyof typeof INVARIANTS;

/** Every broken promise of one played scenario, by invariant. */
export function check(played: Played, skip: InvariantName[] = []): Record<string, string[]> {
	const found: Record<string, string[]> = {};
	for (const [name, invariant] of Object.entries(INVARIANTS)) {
		if (skip.includes(name as InvariantName)) continue;
		const broken = invariant(played);
		if (broken.length > 0) found[name] = broken;
	}
	return found;
}
