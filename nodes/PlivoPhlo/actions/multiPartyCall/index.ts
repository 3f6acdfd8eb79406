import type { INodeProperties } from 'n8n-workflow';

import { FIELD_LABELS, callNodePath, nodeIdField, phloIdField, readCallNode } from '../common';
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
const show = (operation: string[]) => ({
	show: { resource: ['multiPartyCall'], operation },
});

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
	{ ...phloIdField, displayOptions: show([...dialOperations, 'get']) },
	{ ...nodeIdField, displayOptions: show([...dialOperations, 'get']) },
	{
		displayName: 'This operation acts on a live call: the people on it hear the change at once',
		name: 'liveCallNotice',
		type: 'notice',
		default: '',
		displayOptions: show(dialOperations),
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +14155550122 or sip:specialist@phone.plivo.com',
		description:
			'Phone number (E.164, e.g. +14155550122, or bare digits) or SIP endpoint of the person to dial in: the specialist who receives a transfer, or the new member',
		displayOptions: show(dialOperations),
	},
	{
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
	},
	{
		displayName: 'Trigger Source',
		name: 'triggerSource',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +14155550111',
		description:
			'Phone number or SIP endpoint of the agent on the call who starts this action, as it appears in the call',
		displayOptions: show(dialOperations),
	},
];

const prepareDial =
	(operation: DialOperation): PrepareItem =>
	(ctx, itemIndex) => {
		const { phloId, nodeId } = readCallNode(ctx, itemIndex);
		const to = requireAddress(ctx.getNodeParameter('to', itemIndex), FIELD_LABELS.to);
		const role = requireOneOf(ctx.getNodeParameter('role', itemIndex), FIELD_LABELS.role, ROLES);
		const triggerSource = requireAddress(
			ctx.getNodeParameter('triggerSource', itemIndex),
			FIELD_LABELS.triggerSource,
		);
		requireDifferent(to, triggerSource, FIELD_LABELS.to, FIELD_LABELS.triggerSource);
		const { plivoAction, summary } = DIAL_OPERATIONS[operation];
		const context = { operation, action: plivoAction, phloId, nodeId, to, role, triggerSource };
		return {
			request: {
				method: 'POST',
				api: 'runner',
				path: callNodePath(phloId, nodeId),
				body: { action: plivoAction, to, role, trigger_source: triggerSource },
				repeat: 'once',
			},
			context,
			describe: (answer) => ({
				success: true,
				...context,
				apiId: answer.api_id,
				summary: summary(to, role, triggerSource),
			}),
		};
	};

const prepareGet: PrepareItem = (ctx, itemIndex) => {
	const { phloId, nodeId } = readCallNode(ctx, itemIndex);
	return {
		request: { method: 'GET', api: 'runner', path: callNodePath(phloId, nodeId), repeat: 'read' },
		context: { operation: 'get', phloId, nodeId },
		describe: (answer) => answer,
	};
};

export const operations: Record<string, PrepareItem> = {
	...Object.fromEntries(dialOperations.map((operation) => [operation, prepareDial(operation)])),
	get: prepareGet,
};
