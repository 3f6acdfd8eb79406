import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { typeName } from '../helpers/validation';

/**
 * When the node stops on an item (no continue-on-fail), the other items' results are not output;
 * the error must then say what happened to each call, so nobody re-runs a workflow that already
 * dialled half its items without knowing it.
 */

export interface RunReport {
	/** The item the run stopped on. */
	stoppedAt: number;
	/** Items Plivo answered, with the api_id it gave. */
	done: Array<{ item: number; apiId?: unknown }>;
	/** Items whose request may or may not have been acted on. */
	outcomeUnknown: number[];
	/** Other items that failed while the run was stopping. */
	failed: number[];
	/** Items no request was sent for. */
	notSent: number[];
}

/** At most this many done items are listed one by one; the rest are counted. */
const MAX_LISTED = 50;

/** Plivo's api_id is a UUID; anything else a server put there is not shown as one. */
const API_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How much of a value that is not an api_id is shown (it was scrubbed with the answer). */
const MAX_NOT_AN_ID = 40;

/** "item 4 (api_id …)", or what the item's answer held instead of an id. */
function doneItem(item: number, apiId: unknown): string {
	if (apiId === undefined || apiId === null || apiId === '') return `item ${item}`;
	if (typeof apiId === 'string' && API_ID.test(apiId)) return `item ${item} (api_id ${apiId})`;
	const shown =
		typeof apiId !== 'string'
			? typeName(apiId)
			: JSON.stringify(apiId.length > MAX_NOT_AN_ID ? `${apiId.slice(0, MAX_NOT_AN_ID)}…` : apiId);
	return `item ${item} (an api_id that is not an id: ${shown})`;
}

/** Whether the report says more than the stopping item's own error does. */
export function hasOtherItems(report: RunReport): boolean {
	const { done, outcomeUnknown, failed, notSent } = report;
	return done.length + outcomeUnknown.length + failed.length + notSent.length > 0;
}

/** The report as sentences, for the error's description. */
export function describeStoppedRun(report: RunReport): string {
	const lines = [`The run stopped at item ${report.stoppedAt}; no further request was started.`];
	const done = [...report.done].sort((a, b) => a.item - b.item);
	if (done.length) {
		const listed = done.slice(0, MAX_LISTED).map(({ item, apiId }) => doneItem(item, apiId));
		const more = done.length > MAX_LISTED ? `, and ${done.length - MAX_LISTED} more` : '';
		lines.push(`Already done, Plivo answered: ${listed.join(', ')}${more}.`);
	}
	if (report.outcomeUnknown.length) {
		lines.push(
			`Outcome unknown, Plivo may have acted: ${listItems(report.outcomeUnknown)}. Check these calls in the Plivo console.`,
		);
	}
	if (report.failed.length) lines.push(`Also failed: ${listItems(report.failed)}.`);
	if (report.notSent.length) lines.push(`Not sent: ${listItems(report.notSent)}.`);
	if (done.length || report.outcomeUnknown.length) {
		lines.push('Running the workflow again starts a new execution, which sends those items again.');
	}
	return lines.join(' ');
}

/** "item 4", "items 1, 3, 7–9": runs of consecutive indexes shown as ranges. */
export function listItems(indexes: number[]): string {
	const sorted = [...indexes].sort((a, b) => a - b);
	const parts: string[] = [];
	for (let start = 0; start < sorted.length;) {
		let end = start;
		while (end + 1 < sorted.length && sorted[end + 1] === sorted[end] + 1) end++;
		parts.push(
			end === start
				? String(sorted[start])
				: `${sorted[start]}${end === start + 1 ? ', ' : '–'}${sorted[end]}`,
		);
		start = end + 1;
	}
	return `${sorted.length === 1 ? 'item' : 'items'} ${parts.join(', ')}`;
}

/**
 * The error the run stops with: the stopping item's own error, naming the item, with the report
 * added to its description. A new error, so a remembered one (see executionMemory) stays as it was.
 */
export function withRunReport(
	node: INode,
	error: NodeApiError | NodeOperationError,
	report: RunReport,
): NodeApiError | NodeOperationError {
	if (!hasOtherItems(report)) return error;
	const itemTag = `[item ${report.stoppedAt}]`;
	const message = error.message.endsWith(itemTag) ? error.message : `${error.message} ${itemTag}`;
	const description = [error.description, describeStoppedRun(report)].filter(Boolean).join('\n\n');
	const itemIndex = report.stoppedAt;
	if (error instanceof NodeApiError) {
		const httpCode = error.httpCode ?? undefined;
		return new NodeApiError(node, (error.errorResponse ?? { message }) as JsonObject, {
			message,
			description,
			httpCode,
			itemIndex,
		});
	}
	return new NodeOperationError(node, message, { description, itemIndex });
}
