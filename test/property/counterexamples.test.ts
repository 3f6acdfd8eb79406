/**
 * Counterexamples the invariant suite shrank to, kept as named tests. A `test.failing` one breaks
 * a rule whose fix is under way (its entry in knownOpen.ts says which): when the fix lands the
 * test fails, and it is flipped to `test` together with removing that entry.
 */
import { useSimulator } from '../engine/setup';
import { check, type InvariantName } from './invariants';
import { playScenario } from './runScenario';
import type { FaultSpec } from '../../simulator/faults';
import { SECRET_SPELLINGS, type Scenario } from './scenario';

const simulator = useSimulator();

/** One item, no retries, nothing scripted: each counterexample changes what it needs. */
const scenario = (overrides: Partial<Scenario>): Scenario => ({
	operation: 'run',
	items: [{ call: 0 }],
	options: {
		maxConcurrency: 20,
		maxRequestsPerSecond: 0,
		maxRetries: 0,
		maxRetryWait: 0,
		maxTurnWait: 1,
		timeout: 250,
	},
	settings: { retryOnFail: false, maxTries: 3, waitBetweenTries: 0 },
	continueOnFail: false,
	answers: [],
	...overrides,
});

async function expectKept(invariant: InvariantName, played: Scenario): Promise<void> {
	const broken = check(await playScenario(simulator(), played));
	expect(broken[invariant] ?? []).toEqual([]);
}

const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 };

describe('kept', () => {
	test('a run with nothing scripted keeps every promise', async () => {
		const played = await playScenario(simulator(), scenario({ items: [{ call: 0 }, { call: 1 }] }));
		expect(check(played)).toEqual({});
	});

	// Rule: one request at a time per participant, in item order. Item 0's hold is answered
	// after 200 ms; item 1, a hold on the same member, waits for that answer.
	test('two holds on one member: the second waits for the first answer', async () => {
		await expectKept(
			'participantOrder',
			scenario({
				operation: 'hold',
				items: [{ call: 0 }, { call: 0 }],
				options: { ...scenario({}).options, timeout: 5_000 },
				continueOnFail: true,
				answers: [{ kind: 'delay', delayMs: 200 }],
			}),
		);
	});

	// Rule: what an item already sent is found by the item, not by a body its expressions
	// regenerate (issue 22.1). Item 1 answers 500 after Plivo acted; n8n's retries must not send
	// item 0 (whose `at` and `random` change) or item 1 again.
	test('Run PHLO with $now and Math.random, Retry On Fail, a 500 on item 1', async () => {
		await expectKept(
			'sentOnce',
			scenario({
				items: [{ call: 0 }, { call: 0 }],
				settings: RETRY,
				answers: [null, { kind: 'status', status: 500 }],
			}),
		);
	});

	// Rule: no answer stops an account for longer than the longest Max Retry Wait (issue 22.5).
	test('a 429 with Retry-After: 1 on a run whose Max Retry Wait is 0', async () => {
		await expectKept(
			'accountNotLocked',
			scenario({ answers: [{ kind: 'status', status: 429, retryAfter: 1 }] }),
		);
	});

	// Rule: no answer stops an account for longer than the longest Max Retry Wait, also when the
	// request after a cut-short pause (the probe) brings none. Item 0's 429 has a Retry-After (-1)
	// that is ignored, so its back-off applies; item 1 was already out; item 2, the probe, times
	// out. A read after that must still go.
	test('a 429 with Retry-After: -1, Max Retry Wait 0, then a probe that times out', async () => {
		await expectKept(
			'accountNotLocked',
			scenario({
				items: [{ call: 0 }, { call: 0 }, { call: 0 }],
				options: { ...scenario({}).options, maxConcurrency: 2 },
				continueOnFail: true,
				answers: [
					{ kind: 'status', status: 429, retryAfter: -1 },
					null,
					{ kind: 'delay', delayMs: 400, process: true },
				],
			}),
		);
	});

	// Rule: once a participant's request fails or its outcome is unknown, its later items are
	// not sent (issue 22.4). Item 0's transfer times out; items 1 and 2 for the same agent stay unsent.
	test('Warm Transfer, continue-on-fail: item 0 unknown, later items for the agent not sent', async () => {
		await expectKept(
			'participantOrder',
			scenario({
				operation: 'warmTransfer',
				items: [{ call: 0 }, { call: 0 }, { call: 0 }],
				continueOnFail: true,
				answers: [{ kind: 'delay', delayMs: 400, process: false }],
			}),
		);
	});

	// Rule: a request that places, moves or ends a call is sent at most once per item. An
	// oversized 2xx (Plivo acted) leaves the outcome unknown: n8n's retry does not send it again.
	test('Voicemail Drop answered 201 with a 1.2 MB body, Retry On Fail', async () => {
		await expectKept(
			'sentOnce',
			scenario({
				operation: 'voicemailDrop',
				settings: RETRY,
				answers: [{ kind: 'oversized', sizeBytes: 1_200_000 }],
			}),
		);
	});

	// Rule: a call-placing request is sent at most once per item. A 2xx carrying an error text
	// leaves the outcome unknown: n8n's retry does not send the transfer again.
	test('Warm Transfer answered 200 with an error text, Retry On Fail', async () => {
		await expectKept(
			'sentOnce',
			scenario({
				operation: 'warmTransfer',
				settings: RETRY,
				answers: [{ kind: 'status', status: 200, body: { api_id: 'x', error: 'try later' } }],
			}),
		);
	});

	// Rule: the same for a 3xx: PHLO never redirects, and the node cannot tell whether the server
	// behind it acted, so a redirected transfer is not sent again.
	test('Warm Transfer answered 307 to another host, Retry On Fail', async () => {
		await expectKept(
			'sentOnce',
			scenario({ operation: 'warmTransfer', settings: RETRY, answers: [{ kind: 'redirect' }] }),
		);
	});
});

describe('known open', () => {
	// Rule: every request ends by its Timeout. The node gives up on a body that never comes
	// and aborts the request, so the server sees the connection closed when the run has ended.
	test('a 2xx whose body never comes', async () => {
		await expectKept(
			'withinBounds',
			scenario({ operation: 'get', settings: RETRY, answers: [{ kind: 'stall', process: true }] }),
		);
	});

	// Rule: the token is scrubbed from everything the node shows, in any spelling a server echoes
	// (issue 22.8): the Basic header URL-encoded or without its padding, and `Auth ID:token`
	// whole (no `MA…:[redacted]` left), reach none of the items' errors.
	test('a token or Basic header echoed in every spelling is in no output, error, hint or log', async () => {
		const echoes = SECRET_SPELLINGS.map((secret): FaultSpec => ({
			kind: 'status',
			status: 400,
			body: { api_id: 'refused', error: `invalid credentials ${secret}` },
		}));
		const items = echoes.map(() => ({ call: 0 as const }));
		await expectKept(
			'noSecret',
			scenario({
				operation: 'get',
				items,
				options: { ...scenario({}).options, timeout: 5_000 },
				continueOnFail: true,
				answers: echoes,
			}),
		);
	});
});
