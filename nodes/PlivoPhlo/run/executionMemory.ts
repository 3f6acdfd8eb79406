import type { IDataObject } from 'n8n-workflow';

import type { RunIdentity } from '../n8nBehaviour';
import { isOutcomeUnknown } from '../transport/outcome';

/**
 * What one node run already did, kept so that n8n's Retry On Fail never sends a call-placing or
 * state-changing request twice. Retry On Fail runs the node again in the same execution with the
 * same run index; a later run (a loop, a second pass) has a new run index and is new work. A call
 * is known by its node run, item index and operation, never by its body: expressions (a
 * timestamp, a random value) build other bytes on every try.
 *
 * Kept in the process only while a try can still ask for it: nothing when Retry On Fail is off,
 * and a run is dropped when its try succeeds or its last try ends. Bounds:
 * - MAX_BYTES of kept outcomes: past it, the biggest runs give up their answers and keep only a
 *   note of which items were sent (a bit each); such an item fails safe on a later try
 *   ("outcome unknown, not sent again"), it is never sent again.
 * - RUN_TTL_MS after its last try ended a run is dropped (n8n waits at most 5 s between tries); a
 *   try still running is never dropped by time, unless it started STALE_TRY_MS ago.
 * Nodes may not use timers, so expired runs are swept on access.
 */

/** What Plivo made of a request: its answer, or an error that leaves open whether it acted. */
export type RememberedOutcome =
	{ kind: 'answered'; answer: IDataObject } | { kind: 'outcomeUnknown'; error: Error };

/** A recalled call: its outcome, or `forgotten` when only the note that it was sent is left. */
export type Recalled = RememberedOutcome | { kind: 'forgotten' };

export interface RunMemory {
	recall(itemIndex: number, call: string): Recalled | undefined;
	remember(itemIndex: number, call: string, outcome: RememberedOutcome): void;
	/** This try ended; `failed`: n8n counts it as failed and tries again while tries remain. */
	endTry(failed: boolean): void;
}

export const RUN_TTL_MS = 10 * 60_000;
export const STALE_TRY_MS = 24 * 60 * 60_000;
export const MAX_BYTES = 16 * 1024 * 1024;

interface Run {
	maxTries: number;
	tries: number;
	/** When the try now running started; undefined between tries. */
	tryStartedAt?: number;
	lastTryEndedAt: number;
	outcomes: Map<string, { outcome: RememberedOutcome; bytes: number }>;
	bytes: number;
	/** Per call, the items sent whose outcome was given up to the byte bound. */
	forgotten: Map<string, Bits>;
}

const runs = new Map<string, Run>();
let totalBytes = 0;

/**
 * The memory of one try of a node run. Keeps nothing without an execution id (nothing tells runs
 * apart) or when n8n runs the node only once (`maxTries` 1: Retry On Fail off).
 */
export function openRunMemory(
	identity: RunIdentity | undefined,
	maxTries: number,
	now = Date.now,
): RunMemory {
	sweep(now());
	if (!identity || maxTries <= 1) return FORGETFUL;
	const runKey = JSON.stringify([identity.executionId, identity.nodeId, identity.runIndex]);
	let run = runs.get(runKey);
	if (!run) {
		run = {
			maxTries,
			tries: 0,
			lastTryEndedAt: 0,
			outcomes: new Map(),
			bytes: 0,
			forgotten: new Map(),
		};
		runs.set(runKey, run);
	}
	run.tries++;
	run.tryStartedAt = now();
	const current = run;
	// Item index and call together: two items asking the same are two calls.
	const itemKey = (itemIndex: number, call: string) => `${itemIndex}\n${call}`;
	return {
		recall(itemIndex, call) {
			const kept = current.outcomes.get(itemKey(itemIndex, call));
			if (kept) return kept.outcome;
			return current.forgotten.get(call)?.has(itemIndex) ? { kind: 'forgotten' } : undefined;
		},
		remember(itemIndex, call, outcome) {
			if (runs.get(runKey) !== current) {
				// Swept as stale while its try still ran: it is still needed.
				runs.set(runKey, current);
				totalBytes += current.bytes;
			}
			const key = itemKey(itemIndex, call);
			const bytes = sizeOf(key, outcome);
			forgetOutcome(current, key);
			current.outcomes.set(key, { outcome, bytes });
			current.bytes += bytes;
			totalBytes += bytes;
			if (totalBytes > MAX_BYTES) shrink();
		},
		endTry(failed) {
			current.tryStartedAt = undefined;
			current.lastTryEndedAt = now();
			// Only a failed try with tries left is followed by one that asks.
			if (!failed || current.tries >= current.maxTries) drop(runKey);
		},
	};
}

/** Drops runs whose last try ended RUN_TTL_MS ago, or whose try has been running for too long. */
function sweep(now: number): void {
	for (const [runKey, run] of runs) {
		const idleSince = run.tryStartedAt === undefined ? run.lastTryEndedAt : undefined;
		if (
			idleSince !== undefined
				? now - idleSince > RUN_TTL_MS
				: now - run.tryStartedAt! > STALE_TRY_MS
		) {
			drop(runKey);
		}
	}
}

/** Past the byte bound: the biggest runs keep only which items were sent, until under it. */
function shrink(): void {
	while (totalBytes > MAX_BYTES) {
		let biggest: Run | undefined;
		for (const run of runs.values()) if (!biggest || run.bytes > biggest.bytes) biggest = run;
		if (!biggest || biggest.bytes === 0) return;
		for (const key of biggest.outcomes.keys()) {
			const [itemIndex, call] = splitKey(key);
			let bits = biggest.forgotten.get(call);
			if (!bits) biggest.forgotten.set(call, (bits = new Bits()));
			bits.add(itemIndex);
		}
		totalBytes -= biggest.bytes;
		biggest.bytes = 0;
		biggest.outcomes.clear();
	}
}

function forgetOutcome(run: Run, key: string): void {
	const kept = run.outcomes.get(key);
	if (!kept) return;
	run.outcomes.delete(key);
	run.bytes -= kept.bytes;
	totalBytes -= kept.bytes;
}

function drop(runKey: string): void {
	const run = runs.get(runKey);
	if (!run) return;
	runs.delete(runKey);
	totalBytes -= run.bytes;
}

function splitKey(key: string): [number, string] {
	const at = key.indexOf('\n');
	return [Number(key.slice(0, at)), key.slice(at + 1)];
}

/** About what an outcome holds in memory: its text twice over (strings are UTF-16), and overhead. */
function sizeOf(key: string, outcome: RememberedOutcome): number {
	const text =
		outcome.kind === 'answered'
			? JSON.stringify(outcome.answer)
			: `${outcome.error.message}${(outcome.error as { description?: string }).description ?? ''}`;
	return 2 * (key.length + text.length) + (outcome.kind === 'answered' ? 200 : 2000);
}

/** A set of item indexes, one bit each. */
class Bits {
	private bytes = new Uint8Array(16);

	add(index: number): void {
		const at = index >> 3;
		if (at >= this.bytes.length) {
			const grown = new Uint8Array(Math.max(at + 1, this.bytes.length * 2));
			grown.set(this.bytes);
			this.bytes = grown;
		}
		this.bytes[at] |= 1 << (index & 7);
	}

	has(index: number): boolean {
		return ((this.bytes[index >> 3] ?? 0) & (1 << (index & 7))) !== 0;
	}
}

const FORGETFUL: RunMemory = {
	recall: () => undefined,
	remember: () => {},
	endTry: () => {},
};

/** What is kept in this process (for tests of the bounds). */
export function keptInMemory(): { runs: number; bytes: number } {
	return { runs: runs.size, bytes: totalBytes };
}

/**
 * Sends a request at most once per item of a node run: an answer Plivo gave, or an unknown
 * outcome, in an earlier try is handed back instead of sending again, and an item whose outcome
 * was given up to the byte bound fails with `forgotten()`. `call` names the item's call (undefined
 * for a read, which may always be sent again); a refusal or a request that never reached Plivo is
 * not kept, so the next try sends it.
 */
export async function sendOnce(
	memory: RunMemory,
	itemIndex: number,
	call: string | undefined,
	send: () => Promise<IDataObject>,
	forgotten: () => Error,
): Promise<IDataObject> {
	if (call === undefined) return await send();
	const earlier = memory.recall(itemIndex, call);
	if (earlier?.kind === 'answered') return earlier.answer;
	if (earlier?.kind === 'outcomeUnknown') throw earlier.error;
	if (earlier?.kind === 'forgotten') throw forgotten();
	return await send().then(
		(answer) => {
			memory.remember(itemIndex, call, { kind: 'answered', answer });
			return answer;
		},
		async (error: unknown) => {
			if (isOutcomeUnknown(error)) {
				memory.remember(itemIndex, call, { kind: 'outcomeUnknown', error: error as Error });
			}
			return await Promise.reject(error);
		},
	);
}
