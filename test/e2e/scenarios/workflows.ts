/**
 * The workflows run by `n8n execute`, each checked from n8n's run output and the simulator's
 * record of what reached it: every operation, a realistic escalation on the seeded call,
 * per-item expressions, continue-on-fail with pairing, stopping on a bad item, and no secret in
 * anything n8n prints.
 */
import { DEFAULT_ACCOUNT, DEMO } from '../../../simulator';
import {
	executeWorkflow,
	nodeError,
	outputItems,
	pairedIndexes,
} from '../../../tooling/n8n/execution';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import type { Report } from '../lib/report';
import {
	dial,
	fromItems,
	member,
	workflow,
	type Steps,
	type Workflow,
} from '../../../tooling/workflows/builders';

/** What the suite needs of the simulator (in-process object). */
export interface SimulatorView {
	reset(): void;
	requests: ReadonlyArray<{ method: string; path: string; rawBody?: string }>;
	getCall(phloId: string, nodeId: string): { members: Array<{ address: string; status: string }> };
}

const SUPERVISOR = '+14155550133';
const BACKUP_AGENT = '+14155550144';
const UNKNOWN_NODE = '0f0e0d0c-0b0a-4908-8706-050403020100';
const CALL_PATH = `/v1/phlo/${DEMO.phloId}/multi_party_call/${DEMO.nodeId}`;
const memberPath = (address: string) => `${CALL_PATH}/members/${address}`;
const parties = { ...DEMO, supervisor: SUPERVISOR, backup: BACKUP_AGENT };
export const SECRETS = {
	'the Auth Token': DEFAULT_ACCOUNT.authToken,
	'the Base64 authId:token': Buffer.from(
		`${DEFAULT_ACCOUNT.authId}:${DEFAULT_ACCOUNT.authToken}`,
	).toString('base64'),
};

interface Expected {
	request: { method: string; path: string; body?: Record<string, unknown> };
	output: Record<string, unknown>;
}

const dialed = (operation: string, action: string, to: string, by: string): Expected => ({
	request: {
		method: 'POST',
		path: CALL_PATH,
		body: { action, to, role: 'agent', trigger_source: by },
	},
	output: { success: true, operation, action, to, role: 'agent', triggerSource: by },
});
const acted = (operation: string, action: string, address: string): Expected => ({
	request: { method: 'POST', path: memberPath(address), body: { action } },
	output: { success: true, operation, action, memberAddress: address },
});

/** The escalation, one step per node in the order an agent would go: [node, parameters, expected]. */
const ESCALATION: Array<[string, Record<string, unknown>, Expected]> = [
	[
		'Read Call Node',
		{
			resource: 'multiPartyCall',
			operation: 'get',
			phloId: fromItems('phloId'),
			nodeId: fromItems('nodeId'),
		},
		{
			request: { method: 'GET', path: CALL_PATH },
			output: { phlo_id: DEMO.phloId, node_id: DEMO.nodeId, node_type: 'multi_party_call' },
		},
	],
	[
		'Warm Transfer',
		dial('warmTransfer', 'specialist', 'agent'),
		dialed('warmTransfer', 'warm_transfer', DEMO.specialist, DEMO.agent),
	],
	[
		'Abort Transfer',
		member('abortTransfer', 'agent'),
		acted('abortTransfer', 'abort_transfer', DEMO.agent),
	],
	[
		'Warm Transfer Again',
		dial('warmTransfer', 'specialist', 'agent'),
		dialed('warmTransfer', 'warm_transfer', DEMO.specialist, DEMO.agent),
	],
	['Resume Call', member('resumeCall', 'agent'), acted('resumeCall', 'resume_call', DEMO.agent)],
	['Hold Customer', member('hold', 'customer'), acted('hold', 'hold', DEMO.customer)],
	['Unhold Customer', member('unhold', 'customer'), acted('unhold', 'unhold', DEMO.customer)],
	[
		'Add Supervisor',
		dial('addMember', 'supervisor', 'agent'),
		dialed('addMember', 'call', SUPERVISOR, DEMO.agent),
	],
	[
		'Voicemail Drop',
		member('voicemailDrop', 'supervisor'),
		acted('voicemailDrop', 'voicemail_drop', SUPERVISOR),
	],
	[
		'Cold Transfer',
		dial('coldTransfer', 'backup', 'agent'),
		dialed('coldTransfer', 'cold_transfer', BACKUP_AGENT, DEMO.agent),
	],
	[
		'Hang Up Specialist',
		member('hangUp', 'specialist'),
		acted('hangUp', 'hangup', DEMO.specialist),
	],
];
const ESCALATION_END = {
	[DEMO.customer]: 'connected',
	[DEMO.agent]: 'left',
	[DEMO.specialist]: 'left',
	[SUPERVISOR]: 'left',
	[BACKUP_AGENT]: 'connected',
};

const LEADS = [
	{ phloId: DEMO.phloId, name: 'Ada Lovelace', amount: 21 },
	{ phloId: DEMO.phloId, name: 'Grace Hopper', amount: 5 },
	{ phloId: DEMO.phloId, name: 'Alan Turing', amount: 0 },
];
const LEAD_STEPS: Steps = [
	[
		'Run PHLO (Fields)',
		{
			resource: 'phlo',
			operation: 'run',
			phloId: fromItems('phloId'),
			payloadType: 'fields',
			payloadFields: {
				field: [
					{ key: 'customer_name', value: fromItems('name') },
					{ key: 'amount_due', value: "={{ $('Items').item.json.amount * 2 }}" },
				],
			},
		},
	],
	[
		'Run PHLO (JSON)',
		{
			resource: 'phlo',
			operation: 'run',
			phloId: fromItems('phloId'),
			payloadType: 'json',
			payloadJson:
				"={{ JSON.stringify({ lead: $('Items').item.json.name, vip: $('Items').item.json.amount > 10 }) }}",
		},
	],
	['Get PHLO', { resource: 'phlo', operation: 'get', phloId: '={{ $json.phloId }}' }],
];

/** Four members to hold: good, malformed (refused before sending), unknown call node, good. */
const HOLD_ITEMS = [
	{ phloId: DEMO.phloId, nodeId: DEMO.nodeId, address: DEMO.customer },
	{ phloId: DEMO.phloId, nodeId: DEMO.nodeId, address: '../../Account' },
	{ phloId: DEMO.phloId, nodeId: UNKNOWN_NODE, address: DEMO.agent },
	{ phloId: DEMO.phloId, nodeId: DEMO.nodeId, address: DEMO.agent },
];
const hold = { ...member('hold', 'address'), nodeId: fromItems('nodeId') };

export const WORKFLOWS = {
	escalation: workflow(
		'e2eEscalation001',
		'Escalation on a live call',
		[parties],
		ESCALATION.map(([name, parameters]) => [name, parameters]),
	),
	leads: workflow('e2eLeadRuns00001', 'Run a PHLO for each lead', LEADS, LEAD_STEPS),
	continueOnFail: workflow('e2eHoldContinue1', 'Hold members, continue on fail', HOLD_ITEMS, [
		['Hold', hold, 'continueRegularOutput'],
	]),
	stopOnFail: workflow('e2eHoldStop00001', 'Hold members, stop at a bad item', HOLD_ITEMS, [
		['Hold', hold],
	]),
} satisfies Record<string, Workflow>;

/** A request the simulator received, as the checks compare it: method, path and parsed body. */
export function requestOf(request: SimulatorView['requests'][number]) {
	const body = request.rawBody
		? (JSON.parse(request.rawBody) as Record<string, unknown>)
		: undefined;
	return { method: request.method, path: request.path, ...(body ? { body } : {}) };
}

/** Runs every workflow against a freshly reset simulator and checks it; returns the outputs. */
export async function checkWorkflows(home: N8nHome, sim: SimulatorView, report: Report) {
	const outputs: string[] = [];
	const run = async (workflow: Workflow) => {
		sim.reset();
		const execution = await executeWorkflow(home, workflow.id);
		outputs.push(execution.output);
		return execution;
	};

	const escalation = await run(WORKFLOWS.escalation);
	report.equal('escalation: n8n execute exits 0', escalation.exitCode, 0);
	report.equal('escalation: no workflow error', escalation.error?.message, undefined);
	ESCALATION.forEach(([name, , expected], index) => {
		const sent = sim.requests[index];
		report.equal(`escalation ${name}: request`, sent && requestOf(sent), expected.request);
		const items = outputItems(escalation, name);
		report.equal(`escalation ${name}: one item paired to item 0`, pairedIndexes(items), [0]);
		report.includes(`escalation ${name}: output`, items[0]?.json, expected.output);
	});
	report.equal('escalation: no other request', sim.requests.length, ESCALATION.length);
	const members = sim.getCall(DEMO.phloId, DEMO.nodeId).members;
	report.equal(
		'escalation: call state at the end',
		Object.fromEntries(members.map((m) => [m.address, m.status])),
		ESCALATION_END,
	);

	const leads = await run(WORKFLOWS.leads);
	report.equal('leads: n8n execute exits 0', leads.exitCode, 0);
	const sorted = (list: unknown[]) => list.map((x) => JSON.stringify(x)).sort();
	const runs = sim.requests.map(requestOf);
	const runPath = `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`;
	report.equal(
		'leads Run PHLO (Fields): one POST per lead with the per-item payload',
		sorted(runs.slice(0, 3)),
		sorted(
			LEADS.map((lead) => ({
				method: 'POST',
				path: runPath,
				body: { customer_name: lead.name, amount_due: lead.amount * 2 },
			})),
		),
	);
	report.equal(
		'leads Run PHLO (JSON): one POST per lead with the JSON payload',
		sorted(runs.slice(3, 6)),
		sorted(
			LEADS.map((lead) => ({
				method: 'POST',
				path: runPath,
				body: { lead: lead.name, vip: lead.amount > 10 },
			})),
		),
	);
	report.equal(
		'leads Get PHLO: one GET per item',
		runs.slice(6),
		LEADS.map(() => ({ method: 'GET', path: `/v1/phlo/${DEMO.phloId}` })),
	);
	for (const [name] of LEAD_STEPS) {
		report.equal(
			`leads ${name}: items paired 0, 1, 2`,
			pairedIndexes(outputItems(leads, name)),
			[0, 1, 2],
		);
	}
	outputItems(leads, 'Run PHLO (Fields)').forEach((item, index) => {
		report.includes(`leads Run PHLO (Fields) item ${index}: output`, item.json, {
			success: true,
			stopped: false,
			phloId: DEMO.phloId,
			payload: { customer_name: LEADS[index].name, amount_due: LEADS[index].amount * 2 },
		});
		report.matches(`leads Run PHLO (Fields) item ${index}: run id`, item.json.runId, /\S/);
	});
	report.includes('leads Get PHLO: output', outputItems(leads, 'Get PHLO')[0]?.json, {
		phlo_id: DEMO.phloId,
	});

	const tolerant = await run(WORKFLOWS.continueOnFail);
	report.equal('continue-on-fail: n8n execute exits 0', tolerant.exitCode, 0);
	const held = outputItems(tolerant, 'Hold');
	report.equal('continue-on-fail: four items paired 0-3', pairedIndexes(held), [0, 1, 2, 3]);
	report.includes('continue-on-fail item 0 (good): held', held[0]?.json, {
		success: true,
		memberAddress: DEMO.customer,
	});
	report.includes('continue-on-fail item 1 (malformed address): error', held[1]?.json, {
		success: false,
	});
	report.matches('continue-on-fail item 1: names the field', held[1]?.json.error, /Member Address/);
	report.includes('continue-on-fail item 2 (unknown call node): error', held[2]?.json, {
		success: false,
	});
	report.matches('continue-on-fail item 2: says why', held[2]?.json.error, /\S{8}/);
	report.includes('continue-on-fail item 3 (good): held', held[3]?.json, {
		success: true,
		memberAddress: DEMO.agent,
	});
	report.equal(
		'continue-on-fail: requests sent (none for the malformed item)',
		sorted(sim.requests.map(requestOf)),
		sorted([
			{ method: 'POST', path: memberPath(DEMO.customer), body: { action: 'hold' } },
			{
				method: 'POST',
				path: `/v1/phlo/${DEMO.phloId}/multi_party_call/${UNKNOWN_NODE}/members/${DEMO.agent}`,
				body: { action: 'hold' },
			},
			{ method: 'POST', path: memberPath(DEMO.agent), body: { action: 'hold' } },
		]),
	);

	const strict = await run(WORKFLOWS.stopOnFail);
	report.check(
		'stop-on-fail: n8n execute exits non-zero',
		strict.exitCode !== 0,
		`exit code ${strict.exitCode}`,
	);
	report.matches(
		'stop-on-fail: the error names the field and the item',
		strict.error?.message ?? nodeError(strict, 'Hold')?.message,
		/Member Address.*\[item 1\]/,
	);
	report.equal('stop-on-fail: no request sent', sim.requests.length, 0);

	const everything = outputs.join('\n');
	for (const [what, secret] of Object.entries(SECRETS)) {
		report.check(
			`no run output contains ${what}`,
			!everything.includes(secret),
			`found ${what} in the output`,
		);
	}
}
