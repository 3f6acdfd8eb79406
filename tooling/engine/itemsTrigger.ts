import {
	NodeOperationError,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

/** Node type name used in workflows: `type: 'test.items'`. */
export const ITEMS_NODE_TYPE = 'test.items';

/**
 * The workflow's start node in tests: outputs the objects of its `items` parameter (a JSON
 * array, given as text as the editor stores it, or as an array) as items.
 */
export class ItemsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Outputs the given objects as items (test harness start node)',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: ['main'],
		properties: [
			{
				displayName: 'Items',
				name: 'items',
				type: 'json',
				default: '[]',
				description: 'A JSON array of objects; each becomes one output item',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const value = this.getNodeParameter('items', 0, '[]') as unknown;
		let parsed: unknown = value;
		if (typeof value === 'string') {
			try {
				parsed = JSON.parse(value);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), `"items" is not valid JSON: ${error.message}`);
			}
		}
		const list = Array.isArray(parsed) ? parsed : [parsed];
		const items = list.map((entry, index): INodeExecutionData => {
			if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
				throw new NodeOperationError(this.getNode(), `"items"[${index}] is not an object`);
			}
			return { json: entry as IDataObject, pairedItem: { item: 0 } };
		});
		return [items];
	}
}

/**
 * The workflow most tests run: an Items node with these items, connected to one node under test
 * (given without a position). Returns the `nodes` and `connections` for runWorkflow.
 */
export function itemsInto(items: unknown[], node: Omit<INode, 'position'>) {
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: ITEMS_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(items) },
		},
		{ ...node, position: [200, 0] },
	];
	const connections: IConnections = {
		Items: { main: [[{ node: node.name, type: 'main', index: 0 }]] },
	};
	return { nodes, connections };
}
