/** The call state model on its own: what each action does and what it refuses. */
import { MultiPartyCall, StateError, sameAddress } from '../../simulator/callState';

const CUSTOMER = '+14155550100';
const AGENT = '+14155550111';
const SPECIALIST = '+14155550122';

function call(): MultiPartyCall {
	return new MultiPartyCall([
		{ address: CUSTOMER, role: 'customer' },
		{ address: AGENT, role: 'agent' },
	]);
}
const statuses = (model: MultiPartyCall) =>
	Object.fromEntries(model.members.map((member) => [member.address, member.status]));

describe('dialling', () => {
	it('add member joins the new member connected', () => {
		const model = call();
		model.dial('call', SPECIALIST, 'agent', AGENT);
		expect(statuses(model)).toEqual({
			[CUSTOMER]: 'connected',
			[AGENT]: 'connected',
			[SPECIALIST]: 'connected',
		});
	});

	it('warm transfer: agent and target talk privately, the others hear hold music', () => {
		const model = call();
		model.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		expect(statuses(model)).toEqual({
			[CUSTOMER]: 'on_hold',
			[AGENT]: 'private',
			[SPECIALIST]: 'private',
		});
		expect(model.transfer).toEqual({ by: AGENT, target: SPECIALIST, held: [CUSTOMER] });
	});

	it('cold transfer: the target joins and the agent leaves', () => {
		const model = call();
		model.dial('cold_transfer', SPECIALIST, 'agent', AGENT);
		expect(statuses(model)).toEqual({
			[CUSTOMER]: 'connected',
			[AGENT]: 'left',
			[SPECIALIST]: 'connected',
		});
		expect(model.transfer).toBeNull();
	});

	it.each([
		[
			'an unknown trigger source',
			(m: MultiPartyCall) => m.dial('warm_transfer', SPECIALIST, 'agent', '+19990000000'),
			/trigger_source \+19990000000 is not a member/,
		],
		[
			'a target already on the call',
			(m: MultiPartyCall) => m.dial('call', CUSTOMER, 'customer', AGENT),
			/already a member/,
		],
		[
			'a second transfer while one is pending',
			(m: MultiPartyCall) => {
				m.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
				m.dial('cold_transfer', '+14155550133', 'agent', SPECIALIST);
			},
			/already in progress/,
		],
		[
			'a trigger source on hold',
			(m: MultiPartyCall) => {
				m.act('hold', AGENT);
				m.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
			},
			/on hold and cannot transfer/,
		],
	])('refuses %s', (_name, act, message) => {
		const model = call();
		expect(() => act(model)).toThrow(StateError);
		expect(() => act(call())).toThrow(message);
	});
});

describe('member actions', () => {
	it('hold and unhold toggle a connected member', () => {
		const model = call();
		model.act('hold', CUSTOMER);
		expect(statuses(model)[CUSTOMER]).toBe('on_hold');
		expect(() => model.act('hold', CUSTOMER)).toThrow(/already on hold/);
		model.act('unhold', CUSTOMER);
		expect(statuses(model)[CUSTOMER]).toBe('connected');
		expect(() => model.act('unhold', CUSTOMER)).toThrow(/not on hold/);
	});

	it('a member held by a transfer is released by the transfer, not by unhold', () => {
		const model = call();
		model.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		expect(() => model.act('unhold', CUSTOMER)).toThrow(/resume or abort the transfer/);
		expect(() => model.act('hold', AGENT)).toThrow(/talking privately/);
	});

	it('resume call brings everyone together; abort sends the target away', () => {
		const resumed = call();
		resumed.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		resumed.act('resume_call', AGENT);
		expect(statuses(resumed)).toEqual({
			[CUSTOMER]: 'connected',
			[AGENT]: 'connected',
			[SPECIALIST]: 'connected',
		});
		expect(resumed.transfer).toBeNull();

		const aborted = call();
		aborted.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		aborted.act('abort_transfer', AGENT);
		expect(statuses(aborted)).toEqual({
			[CUSTOMER]: 'connected',
			[AGENT]: 'connected',
			[SPECIALIST]: 'left',
		});
	});

	it('abort and resume need a transfer started by that member', () => {
		const model = call();
		expect(() => model.act('abort_transfer', AGENT)).toThrow(/No transfer is in progress/);
		model.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		expect(() => model.act('resume_call', SPECIALIST)).toThrow(/did not start the transfer/);
	});

	it('the agent hanging up mid-transfer hands the call over; the target hanging up cancels it', () => {
		const handed = call();
		handed.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		handed.act('hangup', AGENT);
		expect(statuses(handed)).toEqual({
			[CUSTOMER]: 'connected',
			[AGENT]: 'left',
			[SPECIALIST]: 'connected',
		});

		const cancelled = call();
		cancelled.dial('warm_transfer', SPECIALIST, 'agent', AGENT);
		cancelled.act('hangup', SPECIALIST);
		expect(statuses(cancelled)).toEqual({
			[CUSTOMER]: 'connected',
			[AGENT]: 'connected',
			[SPECIALIST]: 'left',
		});
	});

	it('voicemail drop leaves a voicemail and ends the member’s leg; nobody acts on a member who left', () => {
		const model = call();
		model.act('voicemail_drop', CUSTOMER);
		expect(model.members[0]).toMatchObject({ status: 'left', voicemail: true });
		expect(() => model.act('hangup', CUSTOMER)).toThrow(/is not a member of this call/);
		expect(() => model.act('hold', '+19990000000')).toThrow(/is not a member of this call/);
	});

	it('matches phone numbers with or without +, SIP URIs exactly', () => {
		expect(sameAddress('+14155550100', '14155550100')).toBe(true);
		expect(sameAddress('sip:a@x.plivo.com', 'sip:A@x.plivo.com')).toBe(false);
		const model = call();
		model.act('hold', '14155550100');
		expect(statuses(model)[CUSTOMER]).toBe('on_hold');
	});
});
