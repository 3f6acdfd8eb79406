/**
 * Once per execution in real n8n: warm transfers with n8n's Retry On Fail on (3 tries), the
 * fourth refused by Plivo and the fifth answered too late to know. Counted at the simulator: each
 * transfer Plivo answered, or may have acted on, reached it once; only the refused one was sent on
 * every try.
 */
import { DEFAULT_ACCOUNT, DEMO, type Simulator } from '../../../simulator';
import { executeWorkflow, nodeError, outputItems } from '../../../tooling/n8n/execution';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import { CREDENTIAL, NODE_TYPE, chain, dial } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';

const TRIES = 3;
/** Long enough that an answered request is not late on a loaded machine (1 s was, at load 20). */
const TIMEOUT_MS = 3_000;
/** One call per item, each on its own Multi-Party Call node. */
const CALL_NODES = ['good0', 'good1', 'good2', 'refused', 'late'].map((name, n) => ({
	name,
	nodeId: `7c0d1e2f-3a4b-4c5d-8e6f-70819203a4b${n}`,
}));
const callPath = (nodeId: string) => `/v1/phlo/${DEMO.phloId}/multi_party_call/${nodeId}`;

const items = CALL_NODES.map(({ nodeId }) => ({
	phloId: DEMO.phloId,
	nodeId,
	agent: DEMO.agent,
	specialist: DEMO.specialist,
}));

export const RETRY_ON_FAIL_WORKFLOW = chain(
	'e2eRetryOnFail01',
	'Warm transfers with Retry On Fail',
	`return ${JSON.stringify(items.map((json) => ({ json })))};`,
	[
		{
			name: 'Warm Transfer',
			type: NODE_TYPE,
			typeVersion: 1,
			parameters: {
				...dial('warmTransfer', 'specialist', 'agent'),
				options: { timeout: TIMEOUT_MS },
			},
			credentials: { plivoPhloApi: CREDENTIAL },
			retryOnFail: true,
			maxTries: TRIES,
			waitBetweenTries: 100,
		},
	],
);

export async function checkRetryOnFail(home: N8nHome, sim: Simulator, report: Report) {
	sim.reset();
	for (const { nodeId } of CALL_NODES) {
		sim.seedCall({
			phloId: DEMO.phloId,
			nodeId,
			members: [
				{ address: DEMO.customer, role: 'customer' },
				{ address: DEMO.agent, role: 'agent' },
			],
		});
	}
	const [, , , refused, late] = CALL_NODES;
	sim.addFault({
		kind: 'status',
		status: 400,
		body: { api_id: 'refused', error: 'trigger_source is not in the call' },
		match: { path: callPath(refused.nodeId) },
		times: Infinity,
	});
	sim.addFault({
		kind: 'delay',
		delayMs: TIMEOUT_MS * 3,
		match: { path: callPath(late.nodeId) },
		times: Infinity,
	});

	const execution = await executeWorkflow(home, RETRY_ON_FAIL_WORKFLOW.id);
	report.check(
		'retry on fail: n8n execute exits non-zero (item 3 refused on every try)',
		execution.exitCode !== 0,
		`exit code ${execution.exitCode}`,
	);
	report.matches(
		"retry on fail: the error names the refused item and Plivo's reason",
		execution.error?.message ?? nodeError(execution, 'Warm Transfer')?.message,
		/trigger_source is not in the call \[item 3\]/,
	);
	const sent = Object.fromEntries(CALL_NODES.map(({ name }) => [name, 0]));
	for (const request of sim.requests) {
		const call = CALL_NODES.find(({ nodeId }) => request.path === callPath(nodeId));
		if (call) sent[call.name]++;
	}
	report.equal(
		`retry on fail: POSTs per transfer over ${TRIES} tries (answered and unknown ones once)`,
		sent,
		{ good0: 1, good1: 1, good2: 1, refused: TRIES, late: 1 },
	);
	report.equal('retry on fail: no other request', sim.requests.length, 4 + TRIES);
}

/**
 * The identity of a call is its item, not the bytes its expressions build: a Run PHLO whose payload
 * changes on every try (a timestamp, a random number), Plivo acting on the first try but answering
 * 500. Without continue-on-fail the execution fails; with it, n8n reads the error item and tries
 * again. Either way the PHLO ran once and the node says the outcome is unknown.
 */
const RUN_PATH = `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`;
const runWithPayload = (id: string, value: string, onError?: string) =>
	chain(id, `Run PHLO with ${value} under Retry On Fail`, 'return [{ json: {} }];', [
		{
			name: 'Run PHLO',
			type: NODE_TYPE,
			typeVersion: 1,
			parameters: {
				resource: 'phlo',
				operation: 'run',
				phloId: DEMO.phloId,
				payloadType: 'fields',
				payloadFields: { field: [{ key: 'at', value: `={{ ${value} }}` }] },
			},
			credentials: { plivoPhloApi: CREDENTIAL },
			retryOnFail: true,
			maxTries: TRIES,
			waitBetweenTries: 50,
			...(onError ? { onError } : {}),
		},
	]);

export const RUN_IDENTITY_WORKFLOWS = {
	now: runWithPayload('e2eRunIdentNow01', '$now.toISO()'),
	random: runWithPayload('e2eRunIdentRnd01', 'Math.random()', 'continueRegularOutput'),
};

export async function checkRunIdentity(home: N8nHome, sim: Simulator, report: Report) {
	const runPosts = () =>
		sim.requests.filter(({ method, path }) => method === 'POST' && path === RUN_PATH);
	// Acted on, then 500, on the first request only: a second send would be answered 201.
	const actThenFail = () => {
		sim.reset();
		sim.addFault({ kind: 'status', status: 500, match: { path: RUN_PATH } });
	};

	actThenFail();
	const now = await executeWorkflow(home, RUN_IDENTITY_WORKFLOWS.now.id);
	report.equal('$now.toISO(): one PHLO run at the simulator over 3 tries', runPosts().length, 1);
	report.check(
		'$now.toISO(): n8n execute exits non-zero (no success reported)',
		now.exitCode !== 0,
		`exit code ${now.exitCode}`,
	);
	report.equal(
		"$now.toISO(): the error is Plivo's 500",
		now.error?.message ?? nodeError(now, 'Run PHLO')?.message,
		'Plivo: internal server error',
	);

	actThenFail();
	const random = await executeWorkflow(home, RUN_IDENTITY_WORKFLOWS.random.id);
	report.equal(
		'Math.random() with continue-on-fail: one PHLO run at the simulator over 3 tries',
		runPosts().length,
		1,
	);
	const [item] = outputItems(random, 'Run PHLO');
	report.includes('Math.random(): the item is a failure', item?.json, {
		success: false,
		error: 'Plivo: internal server error',
	});
	report.matches(
		'Math.random(): its outcome is unknown',
		item?.json.description,
		/^Outcome unknown/,
	);
}
