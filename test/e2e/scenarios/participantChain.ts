/**
 * A participant's chain stops at a failure, in real n8n with continue-on-fail and Retry On Fail
 * (3 tries): one run adds members on four calls, two items per agent on three of them. Counted at
 * the simulator: a later item of an agent is never sent before, nor while, an earlier one that
 * failed or whose outcome is unknown; once the earlier one succeeds on n8n's next try, the later
 * one follows it; another agent's item is sent once.
 */
import { DEMO, type Simulator } from '../../../simulator';
import { executeWorkflow, outputItems, pairedIndexes } from '../../../tooling/n8n/execution';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import { CREDENTIAL, NODE_TYPE, chain, dial } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';

const TRIES = 3;
/** Long enough that an answered request is not late on a loaded machine (1 s was, at load 20). */
const TIMEOUT_MS = 3_000;
/** One call per case, each on its own Multi-Party Call node, DEMO.agent adding members on it. */
const CALLS = {
	/** Plivo answers 429 on every try: item 0 is refused, item 1 never sent. */
	refused: '7c0d1e2f-3a4b-4c5d-8e6f-70819203c4a0',
	/** Plivo acts on item 2 but answers after the Timeout: item 3 never sent. */
	unknown: '7c0d1e2f-3a4b-4c5d-8e6f-70819203c4a1',
	/** Nothing goes wrong: item 4 sent once. */
	other: '7c0d1e2f-3a4b-4c5d-8e6f-70819203c4a2',
	/** 429 on the first try only: item 5 then item 6 on n8n's second try. */
	refusedOnce: '7c0d1e2f-3a4b-4c5d-8e6f-70819203c4a3',
};
const ITEM_CALLS = [
	CALLS.refused,
	CALLS.refused,
	CALLS.unknown,
	CALLS.unknown,
	CALLS.other,
	CALLS.refusedOnce,
	CALLS.refusedOnce,
];
/** Each item adds its own number, so the simulator's record tells the items apart. */
const numberOf = (index: number) => `+1415555031${index}`;
const callPath = (nodeId: string) => `/v1/phlo/${DEMO.phloId}/multi_party_call/${nodeId}`;
const participant = (nodeId: string) =>
	`${DEMO.phloId}/${nodeId} source ${DEMO.agent.replace(/^\+/, '')}`;

const items = ITEM_CALLS.map((nodeId, index) => ({
	phloId: DEMO.phloId,
	nodeId,
	agent: DEMO.agent,
	to: numberOf(index),
}));

export const PARTICIPANT_CHAIN_WORKFLOW = chain(
	'e2eChainStops001',
	"A participant's chain under continue-on-fail and Retry On Fail",
	`return ${JSON.stringify(items.map((json) => ({ json })))};`,
	[
		{
			name: 'Add Member',
			type: NODE_TYPE,
			typeVersion: 1,
			parameters: {
				...dial('addMember', 'to', 'agent'),
				options: { timeout: TIMEOUT_MS, maxRetries: 0 },
			},
			credentials: { plivoPhloApi: CREDENTIAL },
			onError: 'continueRegularOutput',
			retryOnFail: true,
			maxTries: TRIES,
			waitBetweenTries: 100,
		},
	],
);

export async function checkParticipantChain(home: N8nHome, sim: Simulator, report: Report) {
	sim.reset();
	for (const nodeId of Object.values(CALLS)) {
		sim.seedCall({
			phloId: DEMO.phloId,
			nodeId,
			members: [
				{ address: DEMO.customer, role: 'customer' },
				{ address: DEMO.agent, role: 'agent' },
			],
		});
	}
	const tooMany = { kind: 'status', status: 429, retryAfter: 0 } as const;
	sim.addFault({ ...tooMany, match: { path: callPath(CALLS.refused) }, times: Infinity });
	sim.addFault({ ...tooMany, match: { path: callPath(CALLS.refusedOnce) } });
	sim.addFault({
		kind: 'delay',
		delayMs: TIMEOUT_MS * 3,
		match: { path: callPath(CALLS.unknown) },
	});

	const execution = await executeWorkflow(home, PARTICIPANT_CHAIN_WORKFLOW.id);
	report.equal('chain: n8n execute exits 0 (continue-on-fail)', execution.exitCode, 0);
	const participants = sim.participants();
	const sentOn = (nodeId: string) =>
		(participants[participant(nodeId)]?.order ?? []).map(({ to, status }) => [to, status]);
	report.equal(
		`chain: refused on every try, item 0 was sent ${TRIES} times and item 1 never`,
		sentOn(CALLS.refused),
		Array.from({ length: TRIES }, () => [numberOf(0), 429]),
	);
	report.equal(
		'chain: item 2 answered too late was sent once and item 3 never',
		sentOn(CALLS.unknown).map(([to]) => to),
		[numberOf(2)],
	);
	report.equal('chain: another participant (item 4) was sent once', sentOn(CALLS.other), [
		[numberOf(4), 201],
	]);
	report.equal(
		"chain: item 6 followed item 5 once n8n's next try got item 5 through",
		sentOn(CALLS.refusedOnce),
		[
			[numberOf(5), 429],
			[numberOf(5), 201],
			[numberOf(6), 201],
		],
	);
	report.equal(
		'chain: never two requests open on one participant',
		Object.values(participants).map(({ maxOverlap }) => maxOverlap),
		Object.values(participants).map(() => 1),
	);
	report.equal('chain: no other request', sim.requests.length, TRIES + 1 + 1 + 3);

	const output = outputItems(execution, 'Add Member');
	report.equal(
		'chain: seven items out, paired in order',
		pairedIndexes(output),
		ITEM_CALLS.map((_, index) => index),
	);
	report.equal(
		'chain: items 0-3 failed, 4-6 succeeded',
		output.map(({ json }) => json.success),
		[false, false, false, false, true, true, true],
	);
	report.equal(
		'chain: items 1 and 3 say why they were not sent',
		[output[1]?.json.error, output[3]?.json.error],
		[
			'Not sent: item 0 for the same participant failed [item 1]',
			'Not sent: item 2 for the same participant has an unknown outcome [item 3]',
		],
	);
	report.matches(
		'chain: item 2 is outcome unknown',
		output[2]?.json.description,
		/^Outcome unknown/,
	);
}
