/**
 * The trigger's item for each kind of request Plivo sends (plivo-events.md): a field is filled
 * where Plivo sends it, under the Plivo PHLO node's names, and null only where Plivo omits it.
 */
import { outputOf } from '../../nodes/PlivoPhloTrigger/output';

const RECEIVED = new Date('2026-12-06T17:06:00.000Z');
const item = (body: Record<string, string>) =>
	outputOf({ method: 'POST', body, query: {}, headers: {}, receivedAt: RECEIVED });

/** Every item field that reads the request (not method, body, query, headers, receivedAt). */
const NONE = {
	event: 'phloRequest',
	eventName: null,
	callUuid: null,
	from: null,
	to: null,
	direction: null,
	memberAddress: null,
	memberId: null,
	participantRole: null,
	mpcName: null,
	mpcUuid: null,
	callStatus: null,
	digits: null,
	hangupCause: null,
	eventTime: null,
};
const read = (json: Record<string, unknown>) =>
	Object.fromEntries(Object.keys(NONE).map((key) => [key, json[key]]));

describe('the item for each Plivo request', () => {
	it('a Multi-Party Call status callback: its documented parameters, no From, To or address', () => {
		const json = item({
			EventName: 'ParticipantJoin',
			EventTimestamp: '2026-12-06 17:05:51',
			MPCUUID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			MPCName: 'support-4711',
			MemberID: '12',
			ParticipantRole: 'Agent',
			ParticipantCallUUID: 'c1a2b3d4-e5f6-4789-8abc-def012345678',
			ParticipantCoachMode: 'false',
			SequenceNumber: '2',
		});
		expect(read(json)).toEqual({
			...NONE,
			event: 'participantJoined',
			eventName: 'ParticipantJoin',
			callUuid: 'c1a2b3d4-e5f6-4789-8abc-def012345678',
			memberId: '12',
			participantRole: 'Agent',
			mpcName: 'support-4711',
			mpcUuid: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			eventTime: '2026-12-06T17:05:51.000Z',
		});
	});

	it('a digit input event carries its Digits', () => {
		const json = item({ EventName: 'ParticipantDigitInput', Digits: '2', MemberID: '12' });
		expect(read(json)).toMatchObject({ event: 'digitsPressed', digits: '2', memberId: '12' });
	});

	it("MPCEnd: the call's name and UUID, no member", () => {
		const json = item({
			EventName: 'MPCEnd',
			EventTimestamp: '2026-12-06 17:09:00',
			MPCUUID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			MPCName: 'support-4711',
			MPCDuration: '189',
		});
		expect(read(json)).toEqual({
			...NONE,
			event: 'multiPartyCallEnded',
			eventName: 'MPCEnd',
			mpcName: 'support-4711',
			mpcUuid: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			eventTime: '2026-12-06T17:09:00.000Z',
		});
	});

	it("a Multi-Party Call's on-exit action callback: MPCFriendlyName and the time they left", () => {
		const json = item({
			MPCUUID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			MPCFriendlyName: 'support-4711',
			MemberID: '12',
			ParticipantCallUUID: 'c1a2b3d4-e5f6-4789-8abc-def012345678',
			ParticipantJoinTime: '2026-12-06 17:05:51',
			ParticipantEndTime: '2026-12-06 17:08:30',
			ParticipantRole: 'Customer',
		});
		expect(read(json)).toMatchObject({
			mpcName: 'support-4711',
			memberId: '12',
			callUuid: 'c1a2b3d4-e5f6-4789-8abc-def012345678',
			eventTime: '2026-12-06T17:08:30.000Z',
		});
	});

	it('a Voice hangup callback: From, To and the far end as the member address', () => {
		const hangup = {
			CallUUID: 'a1b2c3d4-0000-4000-8000-000000000001',
			From: '+14155550100',
			To: '+14155550199',
			Direction: 'inbound',
			CallStatus: 'completed',
			HangupCause: 'NORMAL_CLEARING',
			StartTime: '2026-12-06 17:00:00',
			EndTime: '2026-12-06 17:08:30',
		};
		expect(read(item(hangup))).toEqual({
			...NONE,
			event: 'hangup',
			callUuid: hangup.CallUUID,
			from: hangup.From,
			to: hangup.To,
			direction: 'inbound',
			memberAddress: hangup.From,
			callStatus: 'completed',
			hangupCause: 'NORMAL_CLEARING',
			eventTime: '2026-12-06T17:08:30.000Z',
		});
		const outbound = item({ ...hangup, Direction: 'outbound' });
		expect(outbound.memberAddress).toBe(hangup.To);
	});

	it("a PHLO Multi-Party Call component's variables, under the same names", () => {
		const json = item({
			event: 'ConferenceEnter',
			from: '+14155550100',
			to: '+14155550199',
			direction: 'inbound',
			call_uuid: 'a1b2c3d4-0000-4000-8000-000000000002',
			call_status: 'in-progress',
			conference_name: 'support-4711',
			conference_uuid: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			member_id: '12',
		});
		expect(read(json)).toEqual({
			...NONE,
			event: 'participantJoined',
			eventName: 'ConferenceEnter',
			callUuid: 'a1b2c3d4-0000-4000-8000-000000000002',
			from: '+14155550100',
			to: '+14155550199',
			direction: 'inbound',
			memberAddress: '+14155550100',
			memberId: '12',
			mpcName: 'support-4711',
			mpcUuid: 'f0e1d2c3-b4a5-4968-8776-655443322110',
			callStatus: 'in-progress',
		});
	});
});
