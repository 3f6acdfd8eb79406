import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createConnection, CREDENTIAL_TYPE, plivoRequest } from '../transport';
import { chainStoppedError, forgottenOutcomeError } from '../transport/errors';
import { resolveApiRoot } from '../transport/endpoints';
import { FlowControl } from '../pace/flowControl';
import { isHeldBack, isNotSent, isOutcomeUnknown } from '../transport/outcome';
import { accountPace } from '../pace/accountPace';
import { toNodeError, type NodeError } from '../actions/errors';
import { openRunMemory, sendOnce } from './executionMemory';
import { addHints, RunNotes } from './hints';
import { findOperation } from '../actions/operations';
import { readRunOptions } from './options';
import { chainsByParticipant, runChain } from './participantOrder';
import { withRunReport, type RunReport } from './stoppedRun';
import type { PreparedItem } from '../actions/types';
import { failedItem, outputFailsTheTry, runIdentity, triesOf } from '../n8nBehaviour';

/**
 * Owns the item loop, continue-on-fail and pairing. Every item is read and validated first, so
 * no request leaves for a run that is going to stop on a bad item; then the requests go out
 * with bounded, adaptive concurrency (one at a time per participant) and their results are kept
 * in input order. A try of n8n's Retry On Fail reuses what an earlier try already sent.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const prepare = findOperation(resource, operation);
	if (!prepare) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${String(operation)}" is not known for the resource "${String(resource)}"`,
		);
	}

	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	let apiRoot: string;
	try {
		apiRoot = resolveApiRoot(credentials);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message);
	}
	const settings = readRunOptions(this);
	const signal = this.getExecutionCancelSignal?.();
	const account = accountPace(String(credentials.authId ?? '').trim(), apiRoot);
	const flow = new FlowControl(settings.flow, account, signal);
	const connection = createConnection(credentials, apiRoot, settings.request, flow, signal);
	const continueOnFail = this.continueOnFail();
	const memory = openRunMemory(runIdentity(this), triesOf(this.getNode()).maxTries);
	const call = `${String(resource)}.${String(operation)}`;
	const errorItem = (error: NodeError, itemIndex: number, context?: PreparedItem['context']) =>
		failedItem(this.getNode(), error, itemIndex, context);
	const forgotten = (itemIndex: number) => () => forgottenOutcomeError(this.getNode(), itemIndex);

	// n8n tries again after a failed try while tries remain; only then is the memory still needed.
	let failedTry = true;
	try {
		const results: INodeExecutionData[] = new Array(items.length);
		const prepared: PreparedItem[] = new Array(items.length);
		const ready: number[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				prepared[itemIndex] = prepare(this, itemIndex);
				ready.push(itemIndex);
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				if (!continueOnFail) throw nodeError;
				results[itemIndex] = errorItem(nodeError, itemIndex);
			}
		}

		/** Without continue-on-fail: each failed item's error; the first one stops the run. */
		const failures = new Map<number, NodeError>();
		/** api_id of each item Plivo answered (in this try or an earlier one). */
		const answered = new Map<number, unknown>();
		const started = new Set<number>();
		const stopped = () => failures.size > 0;
		connection.stopped = stopped;
		const notes = new RunNotes();
		const logEvery = Math.max(50, Math.ceil(ready.length / 10));
		let done = 0;
		/** Sends one item; resolves to its error when it failed. */
		const sendItem = async (itemIndex: number): Promise<NodeError | undefined> => {
			started.add(itemIndex);
			const item = prepared[itemIndex];
			let failed: NodeError | undefined;
			try {
				const answer = await sendOnce(
					memory,
					itemIndex,
					callOf(item, call),
					() => plivoRequest(this, connection, item.request, itemIndex),
					forgotten(itemIndex),
				);
				answered.set(itemIndex, answer.api_id);
				const failure = item.failureIn?.(answer);
				if (failure) throw failure;
				results[itemIndex] = { json: item.outputOf(answer), pairedItem: { item: itemIndex } };
			} catch (error) {
				failed = toNodeError(this, error, itemIndex);
				notes.noteFailure(itemIndex, error, failed);
				if (continueOnFail) results[itemIndex] = errorItem(failed, itemIndex, item.context);
				else failures.set(itemIndex, failed);
			}
			if (++done % logEvery === 0) {
				this.logger.info(`Plivo PHLO: ${done} of ${ready.length} requests answered`);
			}
			return failed;
		};
		// A participant's later items are not sent after one failed: they must not overtake it.
		const holdBack = (itemIndex: number, earlier: number, error: NodeError) => {
			const held = chainStoppedError(this.getNode(), itemIndex, earlier, isOutcomeUnknown(error));
			if (continueOnFail)
				results[itemIndex] = errorItem(held, itemIndex, prepared[itemIndex].context);
		};
		const chains = chainsByParticipant(ready, (itemIndex) => prepared[itemIndex].participant);
		await flow.forEach(
			chains.map((_chain, chainIndex) => chainIndex),
			async (chainIndex) => await runChain(chains[chainIndex], sendItem, stopped, holdBack),
			stopped,
		);

		if (failures.size > 0) {
			const report = reportOf(ready, failures, answered, started);
			throw withRunReport(this.getNode(), failures.get(report.stoppedAt)!, report);
		}
		failedTry = outputFailsTheTry(results);
		addHints(this, notes.hints(results, flow.turnWaits));
		return [results];
	} finally {
		memory.endTry(failedTry);
	}
}

/**
 * What an item's request is, for once-per-execution: its operation. With the item's index and
 * the node run it names one call, whatever the bytes its expressions build on each try (a
 * timestamp, a random value). None for a read, which may always be sent again.
 */
function callOf({ request }: PreparedItem, operation: string): string | undefined {
	return request.repeat === 'read' ? undefined : operation;
}

/** What happened to each item of a run that stopped. */
function reportOf(
	ready: number[],
	failures: Map<number, NodeError>,
	answered: Map<number, unknown>,
	started: Set<number>,
): RunReport {
	// The first item that failed on its own, not one held back because the run was stopping.
	const stoppedAt = Math.min(
		...[...failures].filter(([, error]) => !isHeldBack(error)).map(([itemIndex]) => itemIndex),
	);
	const notSent = (itemIndex: number) =>
		!started.has(itemIndex) || isNotSent(failures.get(itemIndex));
	const others = [...failures.keys()].filter((itemIndex) => itemIndex !== stoppedAt);
	return {
		stoppedAt,
		done: [...answered]
			.filter(([itemIndex]) => itemIndex !== stoppedAt)
			.map(([item, apiId]) => ({ item, apiId })),
		outcomeUnknown: others.filter((itemIndex) => isOutcomeUnknown(failures.get(itemIndex))),
		// An item Plivo answered that still failed (a stopped PHLO run) is listed as done.
		failed: others.filter(
			(itemIndex) =>
				!answered.has(itemIndex) &&
				!isOutcomeUnknown(failures.get(itemIndex)) &&
				!notSent(itemIndex),
		),
		notSent: ready.filter((itemIndex) => itemIndex !== stoppedAt && notSent(itemIndex)),
	};
}
