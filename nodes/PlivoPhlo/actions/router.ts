import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { createConnection, CREDENTIAL_TYPE, plivoRequest } from '../transport';
import { resolveApiRoot } from '../transport/endpoints';
import { FlowControl } from '../transport/flowControl';
import { accountPace } from '../transport/pacer';
import { toNodeError, type NodeError } from './errors';
import { findOperation } from './operations';
import { readRunOptions } from './options';
import type { PreparedItem } from './types';

/**
 * Owns the item loop, continue-on-fail and pairing. Every item is read and validated first, so
 * no request leaves for a run that is going to stop on a bad item; then the requests go out
 * with bounded, adaptive concurrency and their results are kept in input order.
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
	// n8n (2.0 onwards) sends an item to the error output when its JSON holds just error and
	// message, and adds the input item's fields, so the error branch sees what was being done.
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const errorItem = (error: NodeError, itemIndex: number, context?: IDataObject) => ({
		json: toErrorOutput
			? { error: error.message, message: error.description ?? error.message }
			: {
					success: false,
					error: error.message,
					...(error.description ? { description: error.description } : {}),
					...(error instanceof NodeApiError && error.httpCode ? { httpCode: error.httpCode } : {}),
					...context,
				},
		pairedItem: { item: itemIndex },
	});

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

	/** Without continue-on-fail: the failure of the lowest item, which stops the run. */
	let stop: { itemIndex: number; error: NodeError } | undefined;
	const logEvery = Math.max(50, Math.ceil(ready.length / 10));
	let done = 0;
	await flow.forEach(
		ready,
		async (itemIndex) => {
			const item = prepared[itemIndex];
			try {
				const answer = await plivoRequest(this, connection, item.request, itemIndex);
				const failure = item.failureIn?.(answer);
				if (failure) throw failure;
				results[itemIndex] = { json: item.outputOf(answer), pairedItem: { item: itemIndex } };
			} catch (error) {
				const nodeError = toNodeError(this, error, itemIndex);
				if (continueOnFail) results[itemIndex] = errorItem(nodeError, itemIndex, item.context);
				else if (!stop || itemIndex < stop.itemIndex) stop = { itemIndex, error: nodeError };
			}
			if (++done % logEvery === 0) {
				this.logger.info(`Plivo PHLO: ${done} of ${ready.length} requests answered`);
			}
		},
		() => stop !== undefined,
	);

	if (stop) throw stop.error;
	return [results];
}
