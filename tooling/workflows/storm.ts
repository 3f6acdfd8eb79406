/**
 * The escalation storm's workflow: a Webhook that answers at once and hands each POST's body to a
 * warm transfer (this node or the HTTP Request node), one execution per POST, as helpdesks and
 * alerting tools start them.
 */
import { randomUUID } from 'node:crypto';

import type { Workflow } from './builders';
import { warmTransferBy, type Sender } from './senders';

/** The webhook's path: POST /webhook/storm-<sender>. */
export const stormPath = (sender: Sender) => `storm-${sender}`;

/** The body of POST i: the call to transfer, the number to transfer to, and the agent asking. */
export interface StormBody {
	nodeId: string;
	to: string;
	agent: string;
}

export function stormWorkflow(id: string, sender: Sender, simulatorUrl: string): Workflow {
	const transfer = warmTransferBy(
		sender,
		{ nodeId: '$json.body.nodeId', to: '$json.body.to', triggerSource: '$json.body.agent' },
		simulatorUrl,
	);
	return {
		id,
		name: `Escalation storm: ${sender}`,
		active: false,
		versionId: randomUUID(),
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Escalation Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				// responseMode is left at its default: answer as soon as the execution starts.
				parameters: { httpMethod: 'POST', path: stormPath(sender), options: {} },
			},
			{ ...transfer, id: `${id}-transfer`, name: 'Warm Transfer', position: [220, 0] },
		],
		connections: {
			'Escalation Webhook': { main: [[{ node: 'Warm Transfer', type: 'main', index: 0 }]] },
		},
	};
}
