/** The trigger's parameters. Names and option values are a public contract: never rename one. */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_ANSWER_TIMEOUT_S } from './answer';
import { ALL_EVENTS, EVENT_OPTIONS } from './events';

const answered = { show: { responseMode: ['lastNode', 'responseNode'] } };

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"Paste this node's URL into Plivo: a Multi-Party Call's status callback URL, a PHLO HTTP Request component or a component's Event Callback. PHLO has no API to register it for you.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{
				name: 'Plivo Signature',
				value: 'plivoSignature',
				description:
					"Plivo's X-Plivo-Signature-V3 with the account's Auth Token, a nonce used once: for Voice and Multi-Party Call callbacks",
			},
			{
				name: 'Header Auth',
				value: 'headerAuth',
				description: "A secret header, as a PHLO's HTTP Request component can send",
			},
			{
				name: 'Basic Auth',
				value: 'basicAuth',
				description: "User and password, as a PHLO's HTTP Request component can send",
			},
			{
				name: 'None',
				value: 'none',
				description: 'No check: anyone who has the URL can start the workflow',
			},
		],
		default: 'plivoSignature',
	},
	{
		displayName:
			'Anyone who has this URL can start the workflow, and with it act on live calls. Use None only for a test.',
		name: 'noAuthNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { authentication: ['none'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [ALL_EVENTS],
		required: true,
		description:
			'The events that start the workflow. Others are answered 200 and start nothing, so Plivo does not send them again.',
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		options: [
			{
				name: 'Immediately',
				value: 'onReceived',
				description: 'Answer 200 as soon as the request is accepted',
			},
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description:
					'Answer with the JSON of the first item of the last node that ran, for a PHLO to branch on',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description: 'Answer with what a Respond to Webhook node in the workflow sends',
			},
		],
		default: 'onReceived',
	},
	{
		displayName: 'Answer Timeout (Seconds)',
		name: 'answerTimeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 300 },
		default: DEFAULT_ANSWER_TIMEOUT_S,
		description:
			'If the workflow has not answered by then, the node answers 504 {"answered": false} so that the call does not wait on in silence; the workflow goes on and its later answer is dropped. Plivo does not document how long a PHLO waits.',
		displayOptions: answered,
	},
];
