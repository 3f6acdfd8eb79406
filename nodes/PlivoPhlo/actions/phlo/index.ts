import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { phloIdField, readField, readPhloId, showFor } from '../fields';
import { StoppedRunError } from '../errors';
import type { PrepareItem } from '../types';
import { parsePayloadFields, parsePayloadJson, type Payload } from '../../helpers/payload';
import { requireOneOf } from '../../helpers/validation';

const PAYLOAD_TYPES = ['none', 'fields', 'json'] as const;
/** Plivo reports a run that ended on a node without a next step as "… stopped … output state: failed". */
const STOPPED_RUN = /\bstopped\b|output state:\s*failed/i;

const payloadTypeField: INodeProperties = {
	displayName: 'Payload',
	name: 'payloadType',
	type: 'options',
	options: [
		{ name: 'None', value: 'none', description: 'Run the PHLO without values' },
		{
			name: 'Fields',
			value: 'fields',
			description: 'Enter the values as key/value rows',
		},
		{ name: 'JSON', value: 'json', description: 'Enter the values as one JSON object' },
	],
	default: 'none',
	description:
		"Values passed to the PHLO. Their keys must match the keys defined in the PHLO's Start node; they are sent exactly as typed.",
	displayOptions: showFor('phlo', ['run']),
};

const payloadFieldsField: INodeProperties = {
	displayName: 'Payload Fields',
	name: 'payloadFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Field',
	default: {},
	displayOptions: { show: { resource: ['phlo'], operation: ['run'], payloadType: ['fields'] } },
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Key',
					name: 'key',
					type: 'string',
					default: '',
					placeholder: 'e.g. customer_name',
					description: "A key defined in the PHLO's Start node, exactly as written there",
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'e.g. Ada Lovelace',
					description: 'The value the PHLO receives for this key',
				},
			],
		},
	],
};

const payloadJsonField: INodeProperties = {
	displayName: 'Payload (JSON)',
	name: 'payloadJson',
	type: 'json',
	default: '{}',
	placeholder: 'e.g. {"customer_name": "Ada", "amount": 42}',
	description:
		'A flat JSON object whose keys match the keys defined in the PHLO\'s Start node, such as {"customer_name": "Ada"}',
	displayOptions: { show: { resource: ['phlo'], operation: ['run'], payloadType: ['json'] } },
};

const failOnStoppedRunField: INodeProperties = {
	displayName: 'Fail When the Run Stops',
	name: 'failOnStoppedRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to treat a run that Plivo accepted but reports as stopped or failed (for example a node without a next step) as an error. When off, such a run is output with "stopped": true.',
	displayOptions: showFor('phlo', ['run']),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: showFor('phlo'),
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a PHLO',
				description: 'Read the name and creation date of a PHLO',
			},
			{
				name: 'Run',
				value: 'run',
				action: 'Run a PHLO',
				description:
					'Start a PHLO (for example an outbound call or SMS flow), passing values its Start node expects',
			},
		],
		default: 'run',
	},
	{ ...phloIdField, displayOptions: showFor('phlo', ['run', 'get']) },
	payloadTypeField,
	payloadFieldsField,
	payloadJsonField,
	failOnStoppedRunField,
];

function readPayload(ctx: IExecuteFunctions, itemIndex: number): Payload {
	const payloadType = readField(
		ctx,
		itemIndex,
		payloadTypeField,
		(value, label) => requireOneOf(value, label, PAYLOAD_TYPES),
		'none',
	);
	if (payloadType === 'json') {
		return readField(ctx, itemIndex, payloadJsonField, parsePayloadJson, '{}');
	}
	if (payloadType === 'fields') {
		const rows = ctx.getNodeParameter(`${payloadFieldsField.name}.field`, itemIndex, []);
		return parsePayloadFields(rows, payloadFieldsField.displayName);
	}
	return {};
}

/** Whether Plivo's answer to a run says the PHLO stopped before finishing. */
function runStopped(answer: IDataObject): { stopped: boolean; message: string } {
	const message = typeof answer.message === 'string' ? answer.message : '';
	return { stopped: STOPPED_RUN.test(message), message };
}

const prepareRun: PrepareItem = (ctx, itemIndex) => {
	const phloId = readPhloId(ctx, itemIndex);
	const payload = readPayload(ctx, itemIndex);
	const failOnStoppedRun =
		ctx.getNodeParameter(failOnStoppedRunField.name, itemIndex, false) === true;
	return {
		request: {
			method: 'POST',
			scope: 'account',
			path: `/phlo/${phloId}`,
			body: payload,
			repeat: 'once',
		},
		context: { operation: 'run', phloId, payload },
		failureIn: (answer) => {
			const { stopped, message } = runStopped(answer);
			return stopped && failOnStoppedRun ? new StoppedRunError(message, answer) : undefined;
		},
		outputOf: (answer) => {
			const { stopped, message } = runStopped(answer);
			return {
				success: !stopped,
				stopped,
				runId: answer.api_id,
				phloId: answer.phlo_id ?? phloId,
				...(answer.name !== undefined ? { name: answer.name } : {}),
				message,
				payload,
			};
		},
	};
};

const prepareGet: PrepareItem = (ctx, itemIndex) => {
	const phloId = readPhloId(ctx, itemIndex);
	return {
		request: { method: 'GET', path: `/phlo/${phloId}`, repeat: 'read' },
		context: { operation: 'get', phloId },
		outputOf: (answer) => answer,
	};
};

export const operations: Record<string, PrepareItem> = { run: prepareRun, get: prepareGet };
