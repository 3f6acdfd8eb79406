/** What the three resources share: the call-node fields, the live-call notice, field reading. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parsePhloId, requireUuid } from '../helpers/validation';

/** Shows a field for one resource, or for some of its operations. */
export function showFor(resource: string, operations?: readonly string[]): IDisplayOptions {
	return {
		show: operations
			? { resource: [resource], operation: [...operations] }
			: { resource: [resource] },
	};
}

/**
 * One item's value of a field, checked: the field's name and its label in the editor come from
 * its description, so an error names the field as the user sees it.
 */
export function readField<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: INodeProperties,
	check: (value: unknown, label: string) => T,
	fallback?: unknown,
): T {
	return check(ctx.getNodeParameter(field.name, itemIndex, fallback), field.displayName);
}

export function liveCallNotice(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'This operation acts on a live call: the people on it hear the change at once',
		name: 'liveCallNotice',
		type: 'notice',
		default: '',
		displayOptions,
	};
}

/** The PHLO ID field; Run and Get PHLO take it alone, call-node operations with callNodeFields. */
export const phloIdField: INodeProperties = {
	displayName: 'PHLO ID',
	name: 'phloId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. b4b48fc2-f47a-4a93-97c3-749ed9a40fa8',
	description:
		"The ID of the PHLO, shown in the Plivo console under PHLO > your PHLO. You can also paste the PHLO's console URL; the ID is taken from it.",
};

const nodeIdField: INodeProperties = {
	displayName: 'Multi-Party Call Node ID',
	name: 'nodeId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e',
	description:
		"The ID of the Multi-Party Call node inside the PHLO. In the PHLO editor, select the Multi-Party Call node; its ID is shown in the node's configuration panel.",
};

/** The PHLO ID and Multi-Party Call node ID fields, shown together. */
export function callNodeFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{ ...phloIdField, displayOptions },
		{ ...nodeIdField, displayOptions },
	];
}

/** PHLO ID and Multi-Party Call node ID of one item, validated, and the call node's path. */
export function readCallNode(ctx: IExecuteFunctions, itemIndex: number) {
	const phloId = readField(ctx, itemIndex, phloIdField, parsePhloId);
	const nodeId = readField(ctx, itemIndex, nodeIdField, requireUuid);
	return { phloId, nodeId, path: `/phlo/${phloId}/multi_party_call/${nodeId}` };
}
