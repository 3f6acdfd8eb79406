import type { INodeProperties } from 'n8n-workflow';

import { callNodeFields, liveCallNotice, readCallNode, readField, showFor } from '../fields';
import { participantKey } from '../../run/participantOrder';
import type { PrepareItem } from '../types';
import type { RepeatPolicy } from '../../transport';
import { encodeMemberAddress, requireAddress } from '../../helpers/validation';

/**
 * The six member actions differ only by Plivo's action value, their wording and whether a
 * second send could do harm (see RepeatPolicy): one table drives descriptions and requests.
 * - hold, unhold, hang up set a state; sending one twice leaves the call as once did.
 * - resume and abort end a transfer; a repeat could end a newer transfer the agent started.
 * - voicemail drop plays a recording; a repeat would leave it twice.
 */
const MEMBER_ACTIONS: Record<
	string,
	{
		plivoAction: string;
		name: string;
		action: string;
		description: string;
		repeat: RepeatPolicy;
		summary: string;
	}
> = {
	abortTransfer: {
		plivoAction: 'abort_transfer',
		name: 'Abort Transfer',
		action: 'Abort a transfer',
		description:
			'Cancel the transfer this agent started: the person being brought in is dropped and the agent is back with the caller. Member Address is the agent who started the transfer.',
		repeat: 'once',
		summary: 'Transfer aborted; the agent is back with the caller',
	},
	hangUp: {
		plivoAction: 'hangup',
		name: 'Hang Up',
		action: 'Hang up a member',
		description: 'Disconnect this member from the call; the others stay connected',
		repeat: 'sameState',
		summary: 'Member disconnected from the call',
	},
	hold: {
		plivoAction: 'hold',
		name: 'Hold',
		action: 'Put a member on hold',
		description: 'Mute this member and play them hold music until they are taken off hold',
		repeat: 'sameState',
		summary: 'Member on hold, hearing hold music',
	},
	resumeCall: {
		plivoAction: 'resume_call',
		name: 'Resume Call',
		action: 'Resume a call after a warm transfer',
		description:
			'The agent who started a warm transfer rejoins the original call, together with the person brought in. Member Address is that agent.',
		repeat: 'once',
		summary: 'Agent rejoined the original call',
	},
	unhold: {
		plivoAction: 'unhold',
		name: 'Unhold',
		action: 'Take a member off hold',
		description: 'Take this member off hold so they hear and are heard again',
		repeat: 'sameState',
		summary: 'Member taken off hold',
	},
	voicemailDrop: {
		plivoAction: 'voicemail_drop',
		name: 'Voicemail Drop',
		action: 'Drop a voicemail for a member',
		description:
			"Leave the agent's recorded voicemail message on this member's voicemail and end their leg of the call",
		repeat: 'once',
		summary: 'Recorded voicemail left for the member',
	},
};

const memberOperations = Object.keys(MEMBER_ACTIONS);
const show = showFor('member');

const memberAddressField: INodeProperties = {
	displayName: 'Member Address',
	name: 'memberAddress',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. +14155550100 or sip:alice@phone.plivo.com',
	description:
		'Phone number or SIP endpoint of the member on the call to act on, as it appears in the call. For Abort Transfer and Resume Call, the agent who started the transfer.',
	displayOptions: show,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show,
		options: memberOperations.map((value) => ({
			name: MEMBER_ACTIONS[value].name,
			value,
			action: MEMBER_ACTIONS[value].action,
			description: MEMBER_ACTIONS[value].description,
		})),
		default: 'hold',
	},
	...callNodeFields(show),
	liveCallNotice(show),
	memberAddressField,
];

const prepareMemberAction =
	(operation: string): PrepareItem =>
	(ctx, itemIndex) => {
		const { phloId, nodeId, path } = readCallNode(ctx, itemIndex);
		const memberAddress = readField(ctx, itemIndex, memberAddressField, requireAddress);
		const { plivoAction, repeat, summary } = MEMBER_ACTIONS[operation];
		const context = { operation, action: plivoAction, phloId, nodeId, memberAddress };
		return {
			request: {
				method: 'POST',
				path: `${path}/members/${encodeMemberAddress(memberAddress)}`,
				body: { action: plivoAction },
				repeat,
			},
			context,
			participant: participantKey(path, 'member', memberAddress),
			outputOf: (answer) => ({ success: true, ...context, apiId: answer.api_id, summary }),
		};
	};

export const operations: Record<string, PrepareItem> = {
	abortTransfer: prepareMemberAction('abortTransfer'),
	hangUp: prepareMemberAction('hangUp'),
	hold: prepareMemberAction('hold'),
	resumeCall: prepareMemberAction('resumeCall'),
	unhold: prepareMemberAction('unhold'),
	voicemailDrop: prepareMemberAction('voicemailDrop'),
};
