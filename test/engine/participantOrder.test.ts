/**
 * Order per participant, through n8n's engine against the simulator's per-participant record:
 * requests acting on one participant go out one at a time in item order, while requests for
 * different participants still overlap.
 */
import { DEMO, PLIVO_NODE, runPlivo, useSimulator, warmTransfer, seedCall } from './setup';

const simulator = useSimulator();
const OTHER_NODE = '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5f01';
const OTHER_AGENT = '+14155550199';
const LATENCY_MS = 30;
const noPlus = (address: string) => address.replace(/^\+/, '');

beforeEach(() => {
	seedCall(simulator(), OTHER_NODE, OTHER_AGENT);
	simulator().setLatency(LATENCY_MS);
});

describe('one participant, one request at a time', () => {
	it('sends the adds one agent starts in item order, each after the previous answer; other agents run alongside', async () => {
		// Items alternate between two agents on two calls, six each.
		const items = Array.from({ length: 12 }, (_, i) => ({
			nodeId: i % 2 ? OTHER_NODE : DEMO.nodeId,
			agent: i % 2 ? OTHER_AGENT : DEMO.agent,
			to: `+1415555030${String(i).padStart(2, '0')}`,
		}));
		const run = await runPlivo(simulator(), items, {
			resource: 'multiPartyCall',
			operation: 'addMember',
			phloId: DEMO.phloId,
			nodeId: '={{ $json.nodeId }}',
			to: '={{ $json.to }}',
			role: 'agent',
			triggerSource: '={{ $json.agent }}',
		});
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
		const participants = simulator().participants();
		for (const [nodeId, agent, parity] of [
			[DEMO.nodeId, DEMO.agent, 0],
			[OTHER_NODE, OTHER_AGENT, 1],
		] as const) {
			const record = participants[`${DEMO.phloId}/${nodeId} source ${noPlus(agent)}`];
			expect(record.maxOverlap).toBe(1);
			expect(record.order.map((request) => request.to)).toEqual(
				items.filter((_, i) => i % 2 === parity).map((item) => item.to),
			);
		}
		expect(simulator().peakInFlight).toBe(2);
	});

	it('sends member actions on one member in item order, one at a time, and none after one failed; other members alongside', async () => {
		const members = [DEMO.customer, DEMO.agent];
		const items = Array.from({ length: 8 }, (_, i) => ({ address: members[i % 2] }));
		const run = await runPlivo(
			simulator(),
			items,
			{
				resource: 'member',
				operation: 'hold',
				phloId: DEMO.phloId,
				nodeId: DEMO.nodeId,
				memberAddress: '={{ $json.address }}',
			},
			// Plivo refuses to hold a member already on hold: that member's later items are not sent.
			{ continueOnFail: true },
		);
		expect(run.items.map((item) => item.json.success)).toEqual([
			true,
			true,
			...new Array(6).fill(false),
		]);
		expect(run.items[6].json.error).toBe(
			'Not sent: item 2 for the same participant failed [item 6]',
		);
		const participants = simulator().participants();
		for (const address of members) {
			const record = participants[`${DEMO.phloId}/${DEMO.nodeId} member ${noPlus(address)}`];
			expect(record.maxOverlap).toBe(1);
			expect(record.order.map((request) => request.status)).toEqual([201, 400]);
		}
		expect(simulator().peakInFlight).toBe(2);
	});

	it('keeps different calls concurrent: one request per agent, all in flight together', async () => {
		const agents = Array.from({ length: 6 }, (_, i) => `+141555504${String(i).padStart(2, '0')}`);
		const nodeIds = agents.map((_, i) => `5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5f1${i}`);
		agents.forEach((agent, i) => seedCall(simulator(), nodeIds[i], agent));
		const run = await runPlivo(
			simulator(),
			agents.map((agent, i) => ({ agent, nodeId: nodeIds[i] })),
			warmTransfer({ nodeId: '={{ $json.nodeId }}', triggerSource: '={{ $json.agent }}' }),
		);
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(simulator().peakInFlight).toBe(6);
	});
});

describe("a participant's chain stops at a failure (continue-on-fail)", () => {
	const addEach = {
		resource: 'multiPartyCall',
		operation: 'addMember',
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		to: '={{ $json.to }}',
		role: 'agent',
		triggerSource: DEMO.agent,
	};
	const agentKey = `${DEMO.phloId}/${DEMO.nodeId} source ${noPlus(DEMO.agent)}`;
	const items = [{ to: '+14155550301' }, { to: '+14155550302' }];

	it("a later item never overtakes a rate-limited one, not even through n8n's Retry On Fail", async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 0, match: { nth: 1 } });
		const run = await runPlivo(
			simulator(),
			items,
			{ ...addEach, options: { maxRetries: 0 } },
			{ continueOnFail: true, settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 } },
		);
		expect(run.items.map((item) => item.json.success)).toEqual([true, true]);
		const order = simulator().participants()[agentKey].order;
		expect(order.map((request) => [request.to, request.status])).toEqual([
			['+14155550301', 429],
			['+14155550301', 201],
			['+14155550302', 201],
		]);
	});

	it('sends nothing after an item whose outcome is unknown: never two requests open on one participant', async () => {
		simulator().addFault({ kind: 'delay', delayMs: 1500, match: { nth: 1 } });
		const run = await runPlivo(
			simulator(),
			items,
			{ ...addEach, options: { timeout: 300 } },
			{ continueOnFail: true },
		);
		expect(run.items[1].json.error).toBe(
			'Not sent: item 0 for the same participant has an unknown outcome [item 1]',
		);
		expect(simulator().requests).toHaveLength(1);
	});
});
