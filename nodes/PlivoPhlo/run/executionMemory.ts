import type { IDataObject } from 'n8n-workflow';

import type { RunIdentity } from '../n8nBehaviour';
import { isOutcomeUnknown } from '../transport/outcome';

/**
 * What one node run already did, kept so that n8n's Retry On Fail never sends a call-placing or
 * state-changing request twice. Retry On Fail runs the node again in the same execution with the
 * same run index; a later run (a loop, a second pass) has a new run index and is new work.
 *
 * Kept in the process, bounded: a run's entries are dropped when the run ends without a retry to
 * come, when nothing touched them for RUN_TTL_MS, or oldest first past MAX_ENTRIES. Nodes may not
 * use timers, so expired runs are swept on access.
 */

/** What Plivo made of a request: its answer, or an error that leaves open whether it acted. */
export type RememberedOutcome =
	{ kind: 'answered'; answer: IDataObject } | { kind: 'outcomeUnknown'; error: Error };

export interface RunMemory {
	recall(itemIndex: number, request: string): RememberedOutcome | undefined;
	remember(itemIndex: number, request: string, outcome: RememberedOutcome): void;
	/** The run ended and n8n will not try it again: its entries are of no further use. */
	forget(): void;
}

/** Retry On Fail waits at most 5 s between tries; this only has to outlive a long run. */
export const RUN_TTL_MS = 10 * 60_000;
export const MAX_ENTRIES = 20_000;

interface RunEntries {
	touchedAt: number;
	outcomes: Map<string, RememberedOutcome>;
}

/** By run key, least recently touched first (a touched run is re-inserted at the end). */
const runs = new Map<string, RunEntries>();
let entryCount = 0;

/** The memory of one node run; without an execution id nothing tells runs apart, so it keeps nothing. */
export function openRunMemory(identity: RunIdentity | undefined, now = Date.now): RunMemory {
	if (!identity) return FORGETFUL;
	const runKey = JSON.stringify([identity.executionId, identity.nodeId, identity.runIndex]);
	sweep(now());
	const entries = (): RunEntries | undefined => {
		const run = runs.get(runKey);
		if (run) {
			run.touchedAt = now();
			runs.delete(runKey);
			runs.set(runKey, run);
		}
		return run;
	};
	// Item index and request together: two items asking the same are two calls.
	const itemKey = (itemIndex: number, request: string) => `${itemIndex}\n${request}`;
	return {
		recall: (itemIndex, request) => entries()?.outcomes.get(itemKey(itemIndex, request)),
		remember(itemIndex, request, outcome) {
			let run = entries();
			if (!run) {
				run = { touchedAt: now(), outcomes: new Map() };
				runs.set(runKey, run);
			}
			const key = itemKey(itemIndex, request);
			if (!run.outcomes.has(key)) entryCount++;
			run.outcomes.set(key, outcome);
			sweep(now(), runKey);
		},
		forget() {
			const run = runs.get(runKey);
			if (run) drop(runKey, run);
		},
	};
}

/** Drops expired runs, then the oldest while over the cap; never the run being written. */
function sweep(now: number, writing?: string): void {
	for (const [runKey, run] of runs) {
		if (runKey === writing) break;
		if (now - run.touchedAt <= RUN_TTL_MS && entryCount <= MAX_ENTRIES) break;
		drop(runKey, run);
	}
}

function drop(runKey: string, run: RunEntries): void {
	runs.delete(runKey);
	entryCount -= run.outcomes.size;
}

const FORGETFUL: RunMemory = {
	recall: () => undefined,
	remember: () => {},
	forget: () => {},
};

/** How many outcomes are kept in this process (for tests of the bound). */
export function rememberedCount(): number {
	return entryCount;
}

/**
 * Sends a request at most once per item of a node run: an answer Plivo gave, or an unknown
 * outcome, in an earlier try is handed back instead of sending again. `request` identifies what
 * is sent (undefined for a read, which may always be sent again); a refusal or a request that
 * never reached Plivo is not kept, so the next try sends it.
 */
export async function sendOnce(
	memory: RunMemory,
	itemIndex: number,
	request: string | undefined,
	send: () => Promise<IDataObject>,
): Promise<IDataObject> {
	if (request === undefined) return await send();
	const earlier = memory.recall(itemIndex, request);
	if (earlier?.kind === 'answered') return earlier.answer;
	if (earlier?.kind === 'outcomeUnknown') throw earlier.error;
	return await send().then(
		(answer) => {
			memory.remember(itemIndex, request, { kind: 'answered', answer });
			return answer;
		},
		async (error: unknown) => {
			if (isOutcomeUnknown(error)) {
				memory.remember(itemIndex, request, { kind: 'outcomeUnknown', error: error as Error });
			}
			return await Promise.reject(error);
		},
	);
}
