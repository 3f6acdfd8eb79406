import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parsePhloId, requireUuid } from '../helpers/validation';

export const FIELD_LABELS = {
	phloId: 'PHLO ID',
	nodeId: 'Multi-Party Call Node ID',
	to: 'To',
	role: 'Role',
	triggerSource: 'Trigger Source',
	memberAddress: 'Member Address',
} as const;

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

export const nodeIdField: INodeProperties = {
	displayName: 'Multi-Party Call Node ID',
	name: 'nodeId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e',
	description:
		"The ID of the Multi-Party Call node inside the PHLO. In the PHLO editor, select the Multi-Party Call node; its ID is shown in the node's configuration panel.",
};

/** PHLO ID and Multi-Party Call node ID of one item, validated. */
export function readCallNode(ctx: IExecuteFunctions, itemIndex: number) {
	return {
		phloId: parsePhloId(ctx.getNodeParameter('phloId', itemIndex), FIELD_LABELS.phloId),
		nodeId: requireUuid(ctx.getNodeParameter('nodeId', itemIndex), FIELD_LABELS.nodeId),
	};
}

export function callNodePath(phloId: string, nodeId: string): string {
	return `/phlo/${phloId}/multi_party_call/${nodeId}`;
}
