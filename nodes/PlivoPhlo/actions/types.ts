import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PhloRequest } from '../transport';

/** One item, checked and ready to send. */
export interface PreparedItem {
	request: PhloRequest;
	/** What the item asked for: shown in the output, and in its error item if it fails. */
	context: IDataObject;
	/**
	 * Who on a live call the request acts on (PHLO, call node and the agent or member), for
	 * requests that change a call; absent for reads.
	 */
	participant?: string;
	/** Plivo's answer as the item's output. Pure: builds, never throws. */
	outputOf(answer: IDataObject): IDataObject;
	/** An error when Plivo accepted the request but the item should still fail. */
	failureIn?(answer: IDataObject): Error | undefined;
}

/** Reads one item's parameters and validates them; throws a ValidationError for a bad value. */
export type PrepareItem = (ctx: IExecuteFunctions, itemIndex: number) => PreparedItem;
