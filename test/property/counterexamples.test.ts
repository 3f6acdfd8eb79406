/**
 * Counterexamples the invariant suite shrank to, kept as named tests. A `test.failing` one breaks
 * a rule whose fix is under way (its entry in knownOpen.ts says which): when the fix lands the
 * test fails, and it is flipped to `test` together with removing that entry.
 */
import { useSimulator } from '../engine/setup';
import { check, type InvariantName } from './invariants';
import { playScenario } from './runScenario';
import type { Scenario } from './scenario';

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
});

describe('fixed', () => {
	// Rule: no answer stops an account for longer than the longest Max Retry Wait (issue 22.5).
	test('a 429 with Retry-After: 1 on a run whose Max Retry Wait is 0', async () => {
		await expectKept(
			'accountNotLocked',
			scenario({ answers: [{ kind: 'status', status: 429, retryAfter: 1 }] }),
		);
	});
});

describe('known open', () => {
	// Rule: what an item already sent is found by the item, not by a body its expressions
	// regenerate (issue 22.1). Item 1 answers 500 after Plivo acted; n8n's retry sends item 0,
	// whose `at` and `random` changed, a second time, and item 1 too.
	test.failing('Run PHLO with $now and Math.random, Retry On Fail, a 500 on item 1', async () => {
		await expectKept(
			'sentOnce',
			scenario({
				items: [{ call: 0 }, { call: 0 }],
				settings: RETRY,
				answers: [null, { kind: 'status', status: 500 }],
			}),
		);
	});

	// Rule: every request ends by its Timeout. The node gives up on a body that never comes,
	// but the connection stays open (the server sees it open past the run).
	test.failing('a 2xx whose body never comes', async () => {
		await expectKept(
			'withinBounds',
			scenario({ operation: 'get', settings: RETRY, answers: [{ kind: 'stall', process: true }] }),
		);
	});

	// Rule: once a participant's request fails or its outcome is unknown, its later items are
	// not sent (issue 22.4). Item 0's transfer times out; items 1 and 2 for the same agent go.
	test.failing(
		'Warm Transfer, continue-on-fail: item 0 unknown, later items for the agent sent',
		async () => {
			await expectKept(
				'participantOrder',
				scenario({
					operation: 'warmTransfer',
					items: [{ call: 0 }, { call: 0 }, { call: 0 }],
					continueOnFail: true,
					answers: [{ kind: 'delay', delayMs: 400, process: false }],
				}),
			);
		},
	);

	// Rule: a request that places, moves or ends a call is sent at most once per item. An
	// oversized 2xx (Plivo acted) fails the item, and n8n's retry sends the voicemail again.
	test.failing('Voicemail Drop answered 201 with a 1.2 MB body, Retry On Fail', async () => {
		await expectKept(
			'sentOnce',
			scenario({
				operation: 'voicemailDrop',
				settings: RETRY,
				answers: [{ kind: 'oversized', sizeBytes: 1_200_000 }],
			}),
		);
	});
});
