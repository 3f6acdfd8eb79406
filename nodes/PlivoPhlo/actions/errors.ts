/**
 * Errors an operation may raise, and how the router turns any error into the NodeApiError or
 * NodeOperationError n8n shows for an item.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ValidationError } from '../helpers/validation';

export type NodeError = NodeApiError | NodeOperationError;

/** A run Plivo accepted but reported as stopped, with "Fail When the Run Stops" on. */
export class StoppedRunError extends Error {
	constructor(
		readonly plivoMessage: string,
		readonly answer: IDataObject,
	) {
		super(`The PHLO run stopped: ${plivoMessage}`);
		this.name = 'StoppedRunError';
	}
}

export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeError {
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
