/** Order per participant: chains of items acting on one participant, and running a chain. */
import {
	chainsByParticipant,
	participantKey,
	runChain,
} from '../../nodes/PlivoPhlo/run/participantOrder';

const CALL = '/phlo/p/multi_party_call/n';
const agentA = participantKey(CALL, 'agent', '+14155550111');
const agentB = participantKey(CALL, 'agent', '+14155550112');

describe('chainsByParticipant', () => {
	it('puts the items of one participant in one chain, in item order', () => {
		const of = [agentA, agentB, agentA, undefined, agentB, agentA];
		expect(chainsByParticipant([0, 1, 2, 3, 4, 5], (i) => of[i])).toEqual([[0, 2, 5], [1, 4], [3]]);
	});

	it('gives every item without a participant a chain of its own', () => {
		expect(chainsByParticipant([0, 1, 2], () => undefined)).toEqual([[0], [1], [2]]);
	});

	it('tells participants apart by call node and address', () => {
		const keys = [
			participantKey(CALL, 'agent', '+14155550111'),
			participantKey('/phlo/p2/multi_party_call/n', 'agent', '+14155550111'),
			participantKey('/phlo/p/multi_party_call/n2', 'agent', '+14155550111'),
			participantKey(CALL, 'agent', '+14155550112'),
		];
		expect(chainsByParticipant([0, 1, 2, 3], (i) => keys[i])).toHaveLength(4);
	});

	it('takes an address as the validation compares it: +1415… and 1415… are one agent', () => {
		expect(participantKey(CALL, 'agent', '14155550111')).toBe(agentA);
		expect(participantKey(CALL, 'member', 'sip:Alice@phone.plivo.com')).toBe(
			participantKey(CALL, 'member', 'sip:alice@phone.plivo.com'),
		);
	});
});

describe('runChain', () => {
	it('starts each item after the previous one finished', async () => {
		const events: string[] = [];
		await runChain(
			[0, 1, 2],
			async (i) => {
				events.push(`start ${i}`);
				await new Promise((resolve) => setImmediate(resolve));
				events.push(`end ${i}`);
				return undefined;
			},
			() => false,
			() => {},
		);
		expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
	});

	it('starts no further item once stopped', async () => {
		const started: number[] = [];
		await runChain(
			[0, 1, 2],
			async (i) => {
				started.push(i);
				return undefined;
			},
			() => started.length >= 1,
			() => {},
		);
		expect(started).toEqual([0]);
	});

	it('sends none of the later items once one failed, and says which one failed', async () => {
		const started: number[] = [];
		const held: Array<[number, number, string]> = [];
		await runChain(
			[0, 3, 5, 8],
			async (i) => {
				started.push(i);
				return i === 3 ? 'refused' : undefined;
			},
			() => false,
			(i, failed, error) => held.push([i, failed, error]),
		);
		expect(started).toEqual([0, 3]);
		expect(held).toEqual([
			[5, 3, 'refused'],
			[8, 3, 'refused'],
		]);
	});
});
