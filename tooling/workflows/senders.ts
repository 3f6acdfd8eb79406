/**
 * The two senders the benchmark and the storm compare: this node, and n8n's HTTP Request node
 * sending the same POST with basic auth. Also the numbered calls their items act on, one seeded
 * call per item so that every transfer is valid.
 */
import { DEMO } from '../../simulator';
import type { Role } from '../../simulator';
import { CREDENTIAL, NODE_TYPE, type ChainedNode } from './builders';

export type Sender = 'node' | 'httpRequest';
export type SenderNode = Omit<ChainedNode, 'name'>;

export const BASIC_CREDENTIAL = { id: 'benchBasicAuth001', name: 'Plivo basic auth' };
export const SENDER_NAMES: Record<Sender, string> = {
	node: 'Plivo PHLO node',
	httpRequest: 'HTTP Request node',
};

/** Item i's Multi-Party Call node, destination and agent. */
export const callNodeId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
export const destination = (i: number) => `+1415${String(5000000 + i)}`;
export const agentOf = (i: number) => `+1415${String(6000000 + i)}`;

/** Seeds `count` calls on the demo PHLO: call i has the customer and agentFor(i) on it. */
export function seedCalls(
	simulator: {
		seedCall(call: {
			phloId: string;
			nodeId: string;
			members: Array<{ address: string; role: Role }>;
		}): void;
	},
	count: number,
	agentFor: (i: number) => string = () => DEMO.agent,
): void {
	for (let i = 0; i < count; i++)
		simulator.seedCall({
			phloId: DEMO.phloId,
			nodeId: callNodeId(i),
			members: [
				{ address: DEMO.customer, role: 'customer' },
				{ address: agentFor(i), role: 'agent' },
			],
		});
}

/** n8n's HTTP Request node: a POST of `jsonBody` (an expression) to `url` with basic auth. */
export function httpRequestPost(url: string, jsonBody: string): SenderNode {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
		credentials: { httpBasicAuth: BASIC_CREDENTIAL },
	};
}

/** This node with the given parameters and the suite's credential. */
export const plivoNode = (parameters: Record<string, unknown>): SenderNode => ({
	type: NODE_TYPE,
	typeVersion: 1,
	parameters,
	credentials: { plivoPhloApi: CREDENTIAL },
});

/** JavaScript expressions, evaluated per item, for the fields of a warm transfer. */
export interface TransferFields {
	nodeId: string;
	to: string;
	triggerSource: string;
}

/** A warm transfer on the demo PHLO, by either sender, with default options. */
export function warmTransferBy(
	sender: Sender,
	fields: TransferFields,
	simulatorUrl: string,
): SenderNode {
	if (sender === 'node')
		return plivoNode({
			resource: 'multiPartyCall',
			operation: 'warmTransfer',
			phloId: DEMO.phloId,
			nodeId: `={{ ${fields.nodeId} }}`,
			to: `={{ ${fields.to} }}`,
			role: 'agent',
			triggerSource: `={{ ${fields.triggerSource} }}`,
		});
	return httpRequestPost(
		`=${simulatorUrl}/v1/phlo/${DEMO.phloId}/multi_party_call/{{ ${fields.nodeId} }}`,
		`={{ JSON.stringify({ action: 'warm_transfer', to: ${fields.to}, role: 'agent', trigger_source: ${fields.triggerSource} }) }}`,
	);
}
