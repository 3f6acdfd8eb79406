/**
 * Execution hints: what happened in a run that is otherwise visible only inside output items.
 * n8n shows them above the node's output in the editor and keeps them in the execution data.
 */
import type { IExecuteFunctions, INodeExecutionData, NodeExecutionHint } from 'n8n-workflow';

import type { TurnWaits } from '../pace/flowControl';
import { isOutcomeUnknown } from '../transport/outcome';
import { StoppedRunError } from '../actions/errors';

/** Waits shorter than this in all are the pace working as it should: no hint. */
const WAIT_WORTH_A_HINT_MS = 1000;

/** What the hints are built from: the items that failed, noted as the router sees them. */
export class RunNotes {
	private readonly stoppedRuns = new Set<number>();
	private readonly outcomeUnknown = new Set<number>();

	/** An item that failed: `error` as the operation raised it, `nodeError` as n8n shows it. */
	noteFailure(itemIndex: number, error: unknown, nodeError: unknown): void {
		if (error instanceof StoppedRunError) this.stoppedRuns.add(itemIndex);
		if (isOutcomeUnknown(error) || isOutcomeUnknown(nodeError)) this.outcomeUnknown.add(itemIndex);
	}

	/** The hints for a run that returned `results`, having waited `waits` for turns. */
	hints(results: INodeExecutionData[], waits: TurnWaits): NodeExecutionHint[] {
		results.forEach((result, itemIndex) => {
			if (result?.json.stopped === true) this.stoppedRuns.add(itemIndex);
		});
		const hints: NodeExecutionHint[] = [];
		if (this.stoppedRuns.size > 0) {
			hints.push({
				type: 'warning',
				location: 'outputPane',
				message: `${count(this.stoppedRuns.size, 'PHLO run')} stopped before finishing (${items(this.stoppedRuns)}). Plivo accepted ${this.stoppedRuns.size === 1 ? 'it' : 'them'}, but the PHLO ended on a node without a next step: check the PHLO in the Plivo console.`,
			});
		}
		if (this.outcomeUnknown.size > 0) {
			hints.push({
				type: 'danger',
				location: 'outputPane',
				message: `${count(this.outcomeUnknown.size, 'item')} failed with outcome unknown (${items(this.outcomeUnknown)}): Plivo may already have acted, so the node did not send ${this.outcomeUnknown.size === 1 ? 'it' : 'them'} again. Check the call before running ${this.outcomeUnknown.size === 1 ? 'it' : 'them'} again.`,
			});
		}
		if (waits.totalMs >= WAIT_WORTH_A_HINT_MS) {
			hints.push({
				type: 'info',
				location: 'outputPane',
				message: `${count(waits.requests, 'request')} waited ${seconds(waits.totalMs)} in all (longest ${seconds(waits.longestMs)}) for a turn at this Plivo account's pace: Plivo's rate limit, its Retry-After pauses and any Max Requests per Second.`,
			});
		}
		return hints;
	}
}

/** Adds the hints where n8n supports them (both supported lines do; a stand-in context may not). */
export function addHints(ctx: IExecuteFunctions, hints: NodeExecutionHint[]): void {
	if (hints.length > 0 && typeof ctx.addExecutionHints === 'function') {
		ctx.addExecutionHints(...hints);
	}
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Item indexes as a user reads them: "item 2", "items 0, 3 and 7", the first ten of more. */
function items(indexes: Set<number>): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const shown = sorted.slice(0, 10).join(', ');
	const more = sorted.length > 10 ? ` and ${sorted.length - 10} more` : '';
	return `${sorted.length === 1 ? 'item' : 'items'} ${shown}${more}`;
}
