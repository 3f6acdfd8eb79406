import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { PhloRequest } from '../transport';

export type Resource = 'multiPartyCall' | 'member' | 'phlo';

/** One item, checked and ready to send; `describe` turns Plivo's answer into the output item. */
export interface PreparedItem {
	request: PhloRequest;
	/** What the item asked for: shown in the output, and in its error item if it fails. */
	context: IDataObject;
	describe(answer: IDataObject): IDataObject;
}

/** Reads one item's parameters and validates them; throws a ValidationError for a bad value. */
export type PrepareItem = (
	ctx: IExecuteFunctions,
	itemIndex: number,
	authId: string,
) => PreparedItem;
