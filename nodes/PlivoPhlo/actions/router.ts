import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ValidationError } from '../helpers/validation';
import { createConnection, CREDENTIAL_TYPE, plivoRequest } from '../transport';
import { resolveEndpoints } from '../transport/endpoints';
import { FlowControl } from '../transport/flowControl';
import { accountPace } from '../transport/pacer';
import { readRunOptions } from './options';
import { StoppedRunError } from './phlo';
import type { PreparedItem, Resource } from './types';
import { operationsByResource } from './operations';

type NodeError = NodeApiError | NodeOperationError;

/**
 * Owns the item loop, continue-on-fail and pairing. Every item is read and validated first, so
 * no request leaves for a run that is going to stop on a bad item; then the requests go out
 * with bounded, adaptive concurrency and their results are kept in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as Resource;
	const operation = this.getNodeParameter('operation', 0) as string;
	const prepare = operationsByResource[resource]?.[operation];
	if (!prepare) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" is not known for the resource "${resource}"`,
		);
	}

	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	let endpoints;
	try {
		endpoints = resolveEndpoints(credentials);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message);
	}
	const settings = readRunOptions(this);
	const signal = this.getExecutionCancelSignal?.();
	const account = accountPace(String(credentials.authId ?? '').trim(), endpoints.runner);
	const flow = new FlowControl(settings.flow, account, signal);
	const connection = createConnection(credentials, endpoints, settings.request, flow, signal);
	const continueOnFail = this.continueOnFail();

	const results: INodeExecutionData[] = new Array(items.length);
	const errors = new Map<number, NodeError>();
	// n8n (2.0 onwards) sends an item to the error output when its JSON holds just error and
	// message, and adds the input item's fields, so the error branch sees what was being done.
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const fail = (itemIndex: number, error: NodeError, context?: IDataObject) => {
		if (!continueOnFail) {
			errors.set(itemIndex, error);
			return;
		}
		results[itemIndex] = {
			json: toErrorOutput
				? { error: error.message, message: error.description ?? error.message }
				: {
						success: false,
						error: error.message,
						...(error.description ? { description: error.description } : {}),
						...(error instanceof NodeApiError && error.httpCode
							? { httpCode: error.httpCode }
							: {}),
						...context,
					},
			pairedItem: { item: itemIndex },
		};
	};

	const prepared: PreparedItem[] = new Array(items.length);
	const ready: number[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			prepared[itemIndex] = prepare(this, itemIndex, connection.authId);
			ready.push(itemIndex);
		} catch (error) {
			fail(itemIndex, toNodeError(this, error, itemIndex));
			if (!continueOnFail) throw errors.get(itemIndex);
		}
	}

	const logEvery = Math.max(50, Math.ceil(ready.length / 10));
	let done = 0;
	await flow.forEach(
		ready,
		async (itemIndex) => {
			const item = prepared[itemIndex];
			try {
				const answer = await plivoRequest(this, connection, item.request, itemIndex);
				results[itemIndex] = { json: item.describe(answer), pairedItem: { item: itemIndex } };
			} catch (error) {
				fail(itemIndex, toNodeError(this, error, itemIndex), item.context);
			}
			if (++done % logEvery === 0) {
				this.logger.info(`Plivo PHLO: ${done} of ${ready.length} requests answered`);
			}
		},
		() => errors.size > 0,
	);

	if (errors.size > 0) {
		throw errors.get(Math.min(...errors.keys()));
	}
	return [results];
}

function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ValidationError) {
		return new NodeOperationError(ctx.getNode(), `${error.message} [item ${itemIndex}]`, {
			itemIndex,
			description: `Expected ${error.expected}. No request was sent for this item.`,
		});
	}
	if (error instanceof StoppedRunError) {
		return new NodeApiError(ctx.getNode(), error.answer as JsonObject, {
			message: error.message,
			description:
				'Plivo accepted the run, but the PHLO stopped before finishing. Check the PHLO in the Plivo console, or turn off "Fail When the Run Stops" to output such runs with "stopped": true.',
			itemIndex,
		});
	}
	return new NodeOperationError(ctx.getNode(), (error as Error).message ?? String(error), {
		itemIndex,
	});
}
