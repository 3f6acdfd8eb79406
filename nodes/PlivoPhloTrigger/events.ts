/**
 * Which event a request is, from the fields Plivo sends: a Multi-Party Call status callback's
 * EventName, a PHLO component's `event` variable, or a Voice callback's Digits, HangupCause and
 * CallStatus. A PHLO author may also send one of the values below as `event` (say from an HTTP
 * Request component). Anything else from a PHLO is a PHLO request.
 */
import type { INodePropertyOptions } from 'n8n-workflow';

export const ALL_EVENTS = '*';

export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Every request, whatever it is' },
	{
		name: 'Call Answered',
		value: 'callAnswered',
		description: 'A Voice answer callback: a call was answered (CallStatus in-progress)',
	},
	{
		name: 'Digits Pressed',
		value: 'digitsPressed',
		description: 'A caller or participant pressed keys (Digits, ParticipantDigitInput)',
	},
	{
		name: 'Hangup',
		value: 'hangup',
		description: 'A call ended (a hangup callback: HangupCause, CallStatus completed)',
	},
	{
		name: 'Multi-Party Call Ended',
		value: 'multiPartyCallEnded',
		description: 'MPCEnd',
	},
	{
		name: 'Multi-Party Call Started',
		value: 'multiPartyCallStarted',
		description: 'MPCInitialized or MPCStart',
	},
	{
		name: 'Other Plivo Event',
		value: 'other',
		description: 'An event Plivo names that is none of the others (e.g. a participant speaking)',
	},
	{
		name: 'Participant Held',
		value: 'participantHold',
		description: 'A participant was put on hold (ParticipantHold)',
	},
	{
		name: 'Participant Joined',
		value: 'participantJoined',
		description: 'Someone joined the Multi-Party Call (ParticipantJoin, ConferenceEnter)',
	},
	{
		name: 'Participant Left',
		value: 'participantLeft',
		description: 'Someone left the Multi-Party Call (ParticipantExit, ConferenceExit)',
	},
	{
		name: 'Participant Muted',
		value: 'participantMute',
		description: 'ParticipantMute',
	},
	{
		name: 'Participant Unheld',
		value: 'participantUnhold',
		description: 'A participant was taken off hold (ParticipantUnhold)',
	},
	{
		name: 'Participant Unmuted',
		value: 'participantUnmute',
		description: 'ParticipantUnmute',
	},
	{
		name: 'PHLO Request',
		value: 'phloRequest',
		description: "A PHLO's HTTP Request component or Event Callback without a Plivo event name",
	},
	{
		name: 'Transfer Answered',
		value: 'transferAnswered',
		description: 'The person a transfer called answered (TransferAnswered)',
	},
];

const OWN_VALUES = new Set(EVENT_OPTIONS.map((option) => String(option.value)));

/** Plivo's names, lower case without "participant" or separators, and the event each is. */
const PLIVO_NAMES: Record<string, string> = {
	join: 'participantJoined',
	joined: 'participantJoined',
	conferenceenter: 'participantJoined',
	exit: 'participantLeft',
	left: 'participantLeft',
	conferenceexit: 'participantLeft',
	hold: 'participantHold',
	unhold: 'participantUnhold',
	mute: 'participantMute',
	unmute: 'participantUnmute',
	digitinput: 'digitsPressed',
	digitspressed: 'digitsPressed',
	transferanswered: 'transferAnswered',
	warmtransferanswered: 'transferAnswered',
	mpcinitialized: 'multiPartyCallStarted',
	mpcstart: 'multiPartyCallStarted',
	mpcend: 'multiPartyCallEnded',
};

const ENDED_STATUSES = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled', 'cancel']);

/** Reads a field by any of its names, whatever their case; the first non-empty one wins. */
export type FieldReader = (...names: string[]) => string | undefined;

/** The event of a request (one of EVENT_OPTIONS' values) and the name Plivo gave it, if any. */
export function eventOf(field: FieldReader): { event: string; eventName: string | undefined } {
	const eventName = field('EventName', 'event', 'event_name');
	if (eventName !== undefined) {
		if (OWN_VALUES.has(eventName) && eventName !== ALL_EVENTS)
			return { event: eventName, eventName };
		const key = eventName
			.toLowerCase()
			.replace(/[^a-z]/g, '')
			.replace(/^participant/, '');
		return { event: PLIVO_NAMES[key] ?? 'other', eventName };
	}
	if (field('Digits') !== undefined) return { event: 'digitsPressed', eventName };
	const status = field('CallStatus', 'call_status')?.toLowerCase();
	if (field('HangupCause', 'hangup_cause') !== undefined || ENDED_STATUSES.has(status ?? '')) {
		return { event: 'hangup', eventName };
	}
	if (status === 'in-progress' || status === 'answered')
		return { event: 'callAnswered', eventName };
	return { event: 'phloRequest', eventName };
}

/** Whether the picked events take this one. */
export function isPicked(picked: string[], event: string): boolean {
	return picked.includes(ALL_EVENTS) || picked.includes(event);
}
