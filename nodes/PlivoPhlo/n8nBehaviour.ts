/**
 * Every assumption the node makes about how n8n runs it, in one place. Each names the n8n lines
 * it was read from (the engine's source in n8n-core / n8n-workflow) and the test that proves it
 * on every line the end-to-end suite runs (1.123.x, 2.0.3, the newest 2.x).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';

type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** setTimeout fires at once for a delay over 2^31 - 1 ms; no wait of the node is that long. */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** What a wait stopped by its signal rejects with: n8n's own words for a cancelled execution. */
export class WaitCancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'WaitCancelledError';
	}
}

/** The sleeps an n8n-workflow module may export, as the node reads them at run time. */
export interface SleepExports {
	sleep: Sleep;
	sleepWithAbort?: Sleep;
}

/**
 * The n8n sleep that a signal stops, from the n8n-workflow n8n itself loaded: n8n 1.x and
 * 2.0–2.33 export `sleep(ms)`, which ignores a signal, and `sleepWithAbort(ms, signal)`; 2.34 gave
 * `sleep` the signal and removed `sleepWithAbort`. So: `sleepWithAbort` where there is one.
 * Proved by test/unit/n8nBehaviour.test.ts (both shapes) and test/e2e/scenarios/cancel.ts on each
 * line.
 */
export function abortableSleepOf(exported: SleepExports): Sleep {
	return typeof exported.sleepWithAbort === 'function' ? exported.sleepWithAbort : exported.sleep;
}

/**
 * Waits `ms` (clamped to what a timer can hold); with a signal, stops at once when it fires and
 * rejects with a WaitCancelledError.
 */
export function sleepWith(chosen: Sleep): Sleep {
	return async (ms, signal) => {
		const delay = Math.min(Math.max(0, ms), LONGEST_TIMER_MS);
		if (!signal) return await chosen(delay);
		if (signal.aborted) throw new WaitCancelledError();
		const waited = await chosen(delay, signal).then(
			() => true,
			() => false,
		);
		// A sleep that ignored the signal (no line the node runs on has one) still ends as cancelled.
		if (!waited || signal.aborted) throw new WaitCancelledError();
	};
}

export const sleep: Sleep = sleepWith(abortableSleepOf(n8nWorkflow as unknown as SleepExports));

/** Which node run of which execution: every try of Retry On Fail has the same one. */
export interface RunIdentity {
	executionId: string;
	nodeId: string;
	runIndex: number;
}

/**
 * Retry On Fail runs the node again with the same execution and run index (WorkflowExecute's try
 * loop calls runNode with the runIndex it computed once); a loop or a second branch gets a new run
 * index. Undefined without an execution id (nothing tells runs apart then). Proved by
 * test/engine/once.test.ts and test/e2e/scenarios/retryOnFail.ts.
 */
export function runIdentity(ctx: IExecuteFunctions): RunIdentity | undefined {
	const executionId = ctx.getExecutionId();
	if (!executionId) return undefined;
	const node = ctx.getNode();
	const runIndex = Number(ctx.getWorkflowDataProxy(0).$runIndex ?? 0);
	return { executionId, nodeId: node.id ?? node.name, runIndex };
}

/**
 * How many times n8n runs the node in all for one run index: 1 without Retry On Fail, otherwise
 * Max Tries clamped to 2–5 (default 3), waiting Wait Between Tries clamped to 0–5000 ms (default
 * 1000) before each try after the first (WorkflowExecute.getRetryParams, 1.x and 2.x alike).
 */
export function triesOf(node: INode): { maxTries: number; waitBetweenTriesMs: number } {
	if (node.retryOnFail !== true) return { maxTries: 1, waitBetweenTriesMs: 0 };
	return {
		maxTries: Math.min(5, Math.max(2, Number(node.maxTries) || 3)),
		waitBetweenTriesMs: Math.min(5000, Math.max(0, Number(node.waitBetweenTries) || 1000)),
	};
}

/**
 * Whether n8n may count this output as a failed try and run the node again (Retry On Fail with
 * continue-on-fail; a thrown error always counts). n8n looks at the first item of the first
 * output: 1.x and 2.0 (n8n-core 1.122, 2.0.2) retry when its `error` is not undefined; 2.40+
 * when it is not undefined, null or false (an empty string counts on all). The node keeps what it
 * sent whenever any line may try again: the wider rule. Proved by test/unit/n8nBehaviour.test.ts
 * and test/e2e/scenarios/retryOnFail.ts on each line.
 */
export function outputFailsTheTry(output: INodeExecutionData[]): boolean {
	return output[0]?.json.error !== undefined;
}

/**
 * A failed item's output under continue-on-fail. With Continue (using error output) n8n (1.x and
 * 2.x) sends an item to the error output when its JSON holds only `error`, `message` or `details`,
 * and adds the input item's fields; otherwise the regular output carries the error's fields and
 * what the item was asked to do (`context`).
 */
export function failedItem(
	node: INode,
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
	context?: IDataObject,
): INodeExecutionData {
	const httpCode = 'httpCode' in error && error.httpCode ? { httpCode: error.httpCode } : {};
	const json: IDataObject =
		node.onError === 'continueErrorOutput'
			? { error: error.message, message: error.description ?? error.message }
			: {
					success: false,
					error: error.message,
					...(error.description ? { description: error.description } : {}),
					...httpCode,
					...context,
				};
	return { json, pairedItem: { item: itemIndex } };
}
