/**
 * Workflows to import into n8n (the e2e suite's and the benchmark's): a Manual Trigger, a Code
 * node that makes the items, and Plivo PHLO nodes whose fields are per-item expressions.
 */
import { randomUUID } from 'node:crypto';

export const NODE_TYPE = 'n8n-nodes-plivo-phlo.plivoPhlo';
export const CREDENTIAL = { id: 'e2ePlivoSimCred1', name: 'Plivo PHLO simulator' };

export interface CallParties {
	phloId: string;
	nodeId: string;
	customer: string;
	agent: string;
	specialist: string;
}

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	/** n8n's Retry On Fail settings (the node's Settings tab). */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	/** Trigger nodes that listen on a webhook. */
	webhookId?: string;
}

export interface Workflow {
	id: string;
	name: string;
	active: boolean;
	/** n8n 2.0.x's import refuses a workflow without one; later versions make one up. */
	versionId: string;
	settings: Record<string, unknown>;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
}

/** Plivo PHLO parameters by step name, run one after the other on the items of a Code node. */
export type Steps = Array<[name: string, parameters: Record<string, unknown>, onError?: string]>;

/** A node after the Items node: everything but its ID and position, which the chain assigns. */
export type ChainedNode = Omit<WorkflowNode, 'id' | 'position'>;

/** Manual Trigger → Code node "Items" running `itemsCode` → each node in order. */
export function chain(id: string, name: string, itemsCode: string, steps: ChainedNode[]): Workflow {
	const nodes: WorkflowNode[] = [
		{
			id: `${id}-trigger`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: `${id}-items`,
			name: 'Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: itemsCode },
		},
		...steps.map((step, index): WorkflowNode => ({
			...step,
			id: `${id}-step-${index}`,
			position: [440 + 220 * index, 0],
		})),
	];
	const connections: Workflow['connections'] = {};
	nodes.slice(1).forEach((node, index) => {
		connections[nodes[index].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return {
		id,
		name,
		active: false,
		versionId: randomUUID(),
		settings: { executionOrder: 'v1' },
		nodes,
		connections,
	};
}

/** Manual Trigger → Code (returns `items`) → each Plivo PHLO step in order. */
export function workflow(id: string, name: string, items: unknown[], steps: Steps): Workflow {
	const itemsCode = `return ${JSON.stringify(items.map((json) => ({ json })))};`;
	return chain(
		id,
		name,
		itemsCode,
		steps.map(([stepName, parameters, onError]) => ({
			name: stepName,
			type: NODE_TYPE,
			typeVersion: 1,
			parameters,
			credentials: { plivoPhloApi: CREDENTIAL },
			...(onError ? { onError } : {}),
		})),
	);
}

/** `={{ $('Items').item.json.<field> }}`: the value of the item this one descends from. */
export const fromItems = (field: string) => `={{ $('Items').item.json.${field} }}`;

const callNode = { phloId: fromItems('phloId'), nodeId: fromItems('nodeId') };
export const member = (operation: string, address: string) => ({
	resource: 'member',
	operation,
	...callNode,
	memberAddress: fromItems(address),
});
export const dial = (operation: string, to: string, triggerSource: string) => ({
	resource: 'multiPartyCall',
	operation,
	...callNode,
	to: fromItems(to),
	role: 'agent',
	triggerSource: fromItems(triggerSource),
});
