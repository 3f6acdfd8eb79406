/** What the three resources share: the call-node fields, the live-call notice, field reading. */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	MAX_URL_LENGTH,
	noPhloIdInUrl,
	parsePhloId,
	phloIdInConsoleUrl,
	PLIVO_URL_SOURCE,
	requireUuid,
	UUID_SOURCE,
} from '../helpers/validation';

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

/**
 * The PHLO ID field, a resource locator: By ID, or By URL (a Plivo console URL; the mode's
 * extractValue takes the ID from it). No list mode, since PHLO has no list endpoint. Run and Get
 * PHLO take it alone, call-node operations with callNodeFields.
 */
export const phloIdField: INodeProperties = {
	displayName: 'PHLO ID',
	name: 'phloId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'id', value: '' },
	description:
		'The PHLO to act on: its ID, shown in the Plivo console under PHLO > your PHLO, or its console URL',
	modes: [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. b4b48fc2-f47a-4a93-97c3-749ed9a40fa8',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `\\s*${UUID_SOURCE}\\s*`,
						errorMessage:
							'Not a PHLO ID: expected a UUID such as b4b48fc2-f47a-4a93-97c3-749ed9a40fa8',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://console.plivo.com/phlo/edit/b4b48fc2-f47a-4a93-97c3-749ed9a40fa8/',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `[\\s\\S]{0,${MAX_URL_LENGTH}}`,
						errorMessage: `Longer than ${MAX_URL_LENGTH} characters: not a Plivo console URL`,
					},
				},
				{
					type: 'regex',
					properties: {
						regex: PLIVO_URL_SOURCE,
						errorMessage:
							'Not a Plivo console URL with one PHLO ID in it (a URL with two IDs is refused: paste the PHLO ID itself)',
					},
				},
			],
			extractValue: { type: 'regex', regex: PLIVO_URL_SOURCE },
		},
	],
};

/**
 * One item's PHLO ID, checked: a By ID value, the ID n8n took from a By URL value, or a plain
 * string saved by 0.1.0 (an ID or a console URL). Expressions and AI-filled values meet the same
 * rule as typed ones.
 */
export function readPhloId(ctx: IExecuteFunctions, itemIndex: number): string {
	const { name, displayName } = phloIdField;
	let value: unknown;
	try {
		value = ctx.getNodeParameter(name, itemIndex, undefined, { extractValue: true });
	} catch {
		// Read again without extracting: an expression error is thrown again as it is. n8n 2.x runs
		// the extraction under a 250 ms wall-clock watchdog that a busy process can miss, so the
		// same pattern is tried here before the By URL value is called wrong.
		const typed = ctx.getNodeParameter(name, itemIndex, undefined) as { value?: unknown };
		value = phloIdInConsoleUrl(typed?.value);
		if (value === undefined) throw noPhloIdInUrl(typed?.value, displayName);
	}
	return parsePhloId(value, displayName);
}

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
	const phloId = readPhloId(ctx, itemIndex);
	const nodeId = readField(ctx, itemIndex, nodeIdField, requireUuid);
	return { phloId, nodeId, path: `/phlo/${phloId}/multi_party_call/${nodeId}` };
}
