import type { INodeProperties } from 'n8n-workflow';

import { callNodeFields, liveCallNotice, readCallNode, readField, showFor } from '../fields';
import { participantKey } from '../../run/participantOrder';
import type { PrepareItem } from '../types';
import { requireAddress, requireDifferent, requireOneOf } from '../../helpers/validation';

const ROLES = ['agent', 'customer'] as const;

/**
 * The three operations that dial someone into the call. They differ only by Plivo's action
 * value and their wording, so one table drives their descriptions and requests.
 */
const DIAL_OPERATIONS = {
	addMember: {
		plivoAction: 'call',
		name: 'Add Member',
		action: 'Add a member to a call',
		description:
			'Dial a phone number or SIP endpoint and join them to the live multi-party call with the given role',
		summary: (to: string, role: string, by: string) =>
			`Dialling ${to} to join the call as ${role} (requested by ${by})`,
	},
	coldTransfer: {
		plivoAction: 'cold_transfer',
		name: 'Cold Transfer',
		action: 'Cold transfer a caller',
		description:
			'Connect the other members straight to a new person; the agent who starts the transfer leaves the call',
		summary: (to: string, role: string, by: string) =>
			`Cold transfer: ${by} hands the call to ${to} (${role}) and leaves`,
	},
	warmTransfer: {
		plivoAction: 'warm_transfer',
		name: 'Warm Transfer',
		action: 'Warm transfer a caller',
		description:
			'The agent first talks privately with the new person while the other members hear hold music, then hands the call over',
		summary: (to: string, role: string, by: string) =>
			`Warm transfer: ${by} is talking privately with ${to} (${role}) while the others hear hold music`,
	},
} as const;

type DialOperation = keyof typeof DIAL_OPERATIONS;
const dialOperations = Object.keys(DIAL_OPERATIONS) as DialOperation[];
const show = (operations: readonly string[]) => showFor('multiPartyCall', operations);

const toField: INodeProperties = {
	displayName: 'To',
	name: 'to',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14155550122 or sip:specialist@phone.plivo.com',
	description:
		'Phone number (E.164, e.g. +14155550122, or bare digits) or SIP endpoint of the person to dial in: the specialist who receives a transfer, or the new member',
	displayOptions: show(dialOperations),
};

const roleField: INodeProperties = {
	displayName: 'Role',
	name: 'role',
	type: 'options',
	options: [
		{
			name: 'Agent',
			value: 'agent',
			description: 'Someone who handles the call, such as a specialist',
		},
		{ name: 'Customer', value: 'customer', description: 'The caller being helped' },
	],
	default: 'agent',
	description:
		'The role the new person has on the call; it decides, for example, which hold music they hear',
	displayOptions: show(dialOperations),
};

const triggerSourceField: INodeProperties = {
	displayName: 'Trigger Source',
	name: 'triggerSource',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14155550111',
	description:
		'Phone number or SIP endpoint of the agent on the call who starts this action, as it appears in the call',
	displayOptions: show(dialOperations),
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['multiPartyCall'] } },
		options: [
			...dialOperations.map((value) => ({
				name: DIAL_OPERATIONS[value].name,
				value,
				action: DIAL_OPERATIONS[value].action,
				description: DIAL_OPERATIONS[value].description,
			})),
			{
				name: 'Get',
				value: 'get',
				action: 'Get a multi party call node',
				description: 'Read the name and type of a Multi-Party Call node in a PHLO',
			},
		].sort((a, b) => a.name.localeCompare(b.name)),
		default: 'warmTransfer',
	},
	...callNodeFields(show([...dialOperations, 'get'])),
	liveCallNotice(show(dialOperations)),
	toField,
	roleField,
	triggerSourceField,
];

const prepareDial =
	(operation: DialOperation): PrepareItem =>
	(ctx, itemIndex) => {
		const { phloId, nodeId, path } = readCallNode(ctx, itemIndex);
		const to = readField(ctx, itemIndex, toField, requireAddress);
		const role = readField(ctx, itemIndex, roleField, (value, label) =>
			requireOneOf(value, label, ROLES),
		);
		const triggerSource = readField(ctx, itemIndex, triggerSourceField, requireAddress);
		requireDifferent(to, triggerSource, toField.displayName, triggerSourceField.displayName);
		const { plivoAction, summary } = DIAL_OPERATIONS[operation];
		const context = { operation, action: plivoAction, phloId, nodeId, to, role, triggerSource };
		return {
			request: {
				method: 'POST',
				path,
				body: { action: plivoAction, to, role, trigger_source: triggerSource },
				repeat: 'once',
			},
			context,
			participant: participantKey(path, 'agent', triggerSource),
			outputOf: (answer) => ({
				success: true,
				...context,
				apiId: answer.api_id,
				summary: summary(to, role, triggerSource),
			}),
		};
	};

const prepareGet: PrepareItem = (ctx, itemIndex) => {
	const { phloId, nodeId, path } = readCallNode(ctx, itemIndex);
	return {
		request: { method: 'GET', path, repeat: 'read' },
		context: { operation: 'get', phloId, nodeId },
		outputOf: (answer) => answer,
	};
};

export const operations: Record<string, PrepareItem> = {
	addMember: prepareDial('addMember'),
	coldTransfer: prepareDial('coldTransfer'),
	warmTransfer: prepareDial('warmTransfer'),
	get: prepareGet,
};
