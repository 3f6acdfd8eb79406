import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS, phloIdField } from '../common';
import type { PrepareItem } from '../types';
import {
	parsePayloadFields,
	parsePayloadJson,
	parsePhloId,
	requireAuthId,
	requireOneOf,
	type Payload,
} from '../../helpers/validation';

const PAYLOAD_TYPES = ['none', 'fields', 'json'] as const;
/** Plivo reports a run that ended on a node without a next step as "… stopped … output state: failed". */
const STOPPED_RUN = /\bstopped\b|output state:\s*failed/i;

const show = (operation: string[]) => ({ show: { resource: ['phlo'], operation } });

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phlo'] } },
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
	{ ...phloIdField, displayOptions: show(['run', 'get']) },
	{
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
		displayOptions: show(['run']),
	},
	{
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
	},
	{
		displayName: 'Payload (JSON)',
		name: 'payloadJson',
		type: 'json',
		default: '{}',
		placeholder: 'e.g. {"customer_name": "Ada", "amount": 42}',
		description:
			'A flat JSON object whose keys match the keys defined in the PHLO\'s Start node, such as {"customer_name": "Ada"}',
		displayOptions: { show: { resource: ['phlo'], operation: ['run'], payloadType: ['json'] } },
	},
	{
		displayName: 'Fail When the Run Stops',
		name: 'failOnStoppedRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to treat a run that Plivo accepted but reports as stopped or failed (for example a node without a next step) as an error. When off, such a run is output with "stopped": true.',
		displayOptions: show(['run']),
	},
];

function readPayload(ctx: Parameters<PrepareItem>[0], itemIndex: number): Payload {
	const payloadType = requireOneOf(
		ctx.getNodeParameter('payloadType', itemIndex, 'none'),
		'Payload',
		PAYLOAD_TYPES,
	);
	if (payloadType === 'json') {
		return parsePayloadJson(ctx.getNodeParameter('payloadJson', itemIndex, '{}'));
	}
	if (payloadType === 'fields') {
		const rows = ctx.getNodeParameter('payloadFields.field', itemIndex, []);
		return parsePayloadFields(rows);
	}
	return {};
}

const prepareRun: PrepareItem = (ctx, itemIndex, authId) => {
	const accountId = requireAuthId(authId);
	const phloId = parsePhloId(ctx.getNodeParameter('phloId', itemIndex), FIELD_LABELS.phloId);
	const payload = readPayload(ctx, itemIndex);
	const failOnStoppedRun = ctx.getNodeParameter('failOnStoppedRun', itemIndex, false) === true;
	const context: IDataObject = { operation: 'run', phloId, payload };
	return {
		request: {
			method: 'POST',
			api: 'runner',
			path: `/account/${accountId}/phlo/${phloId}`,
			body: payload,
			repeat: 'once',
		},
		context,
		describe: (answer) => {
			const message = typeof answer.message === 'string' ? answer.message : '';
			const stopped = STOPPED_RUN.test(message);
			if (stopped && failOnStoppedRun) {
				throw new StoppedRunError(message, answer);
			}
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

/** A run Plivo accepted but reported as stopped, with "Fail When the Run Stops" on. */
export class StoppedRunError extends Error {
	constructor(
		readonly plivoMessage: string,
		readonly answer: IDataObject,
	) {
		super(`The PHLO run stopped: ${plivoMessage}`);
		this.name = 'StoppedRunError';
	}
}

const prepareGet: PrepareItem = (ctx, itemIndex) => {
	const phloId = parsePhloId(ctx.getNodeParameter('phloId', itemIndex), FIELD_LABELS.phloId);
	return {
		request: { method: 'GET', api: 'runner', path: `/phlo/${phloId}`, repeat: 'read' },
		context: { operation: 'get', phloId },
		describe: (answer) => answer,
	};
};

export const operations: Record<string, PrepareItem> = { run: prepareRun, get: prepareGet };
