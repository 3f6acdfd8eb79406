import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as member from './actions/member';
import * as multiPartyCall from './actions/multiPartyCall';
import { optionsDescription } from './run/options';
import * as phlo from './actions/phlo';
import { router } from './run/router';

export class PlivoPhlo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plivo PHLO',
		name: 'plivoPhlo',
		icon: { light: 'file:plivo.svg', dark: 'file:plivo.dark.svg' },
		group: ['transform'],
		version: 1,
		// What the user picked, as they would say it ("Warm Transfer", "Run PHLO").
		subtitle:
			'={{ ({ warmTransfer: "Warm Transfer", coldTransfer: "Cold Transfer", addMember: "Add Member", hold: "Hold", unhold: "Unhold", hangUp: "Hang Up", resumeCall: "Resume Call", abortTransfer: "Abort Transfer", voicemailDrop: "Voicemail Drop", run: "Run PHLO", get: $parameter["resource"] === "phlo" ? "Get PHLO" : "Get Multi-Party Call" })[$parameter["operation"]] }}',
		description:
			'Control live Plivo calls through PHLO: warm and cold transfers, add members, hold, hang up, voicemail drop, and run a PHLO',
		defaults: { name: 'Plivo PHLO' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'plivoPhloApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Member',
						value: 'member',
						description:
							'Act on one person in a live multi-party call: hold, unhold, hang up, abort or resume a transfer, voicemail drop',
					},
					{
						name: 'Multi-Party Call',
						value: 'multiPartyCall',
						description:
							'Transfer a live call (warm or cold), add someone to it, or read the call node',
					},
					{
						name: 'PHLO',
						value: 'phlo',
						description: 'Run a PHLO or read its details',
					},
				],
				default: 'multiPartyCall',
			},
			...multiPartyCall.description,
			...member.description,
			...phlo.description,
			optionsDescription,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
