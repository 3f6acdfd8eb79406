/**
 * The README's example workflows (examples/*.json), imported unchanged except for their IDs and
 * credentials, and run by `n8n execute` from their manual trigger against the simulator (and, for
 * the AI agent, a stand-in OpenAI on loopback). Each is checked by what reached "Plivo" and what
 * the workflow produced, including the error branch and the rate limit the examples are about.
 */
import { DEFAULT_ACCOUNT, DEMO } from '../../../simulator';
import type { FaultSpec } from '../../../simulator/faults';
import { executeWorkflow, outputItems } from '../../../tooling/n8n/execution';
import type { FakeOpenAi } from '../../../tooling/n8n/fakeOpenAi';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import { EXAMPLES } from '../../../tooling/workflows/examples';
import type { Report } from '../lib/report';
import { requestOf, SECRETS, type SimulatorView } from './workflows';

export interface ExampleSimulator extends SimulatorView {
	requests: ReadonlyArray<{ method: string; path: string; rawBody?: string; processed: boolean }>;
	addFault(spec: FaultSpec): void;
	setRateLimit(limit: { perSecond: number } | null): void;
	duplicates(): Record<string, number>;
}

export async function checkExamples(
	home: N8nHome,
	sim: ExampleSimulator,
	openAi: FakeOpenAi,
	report: Report,
) {
	const outputs: string[] = [];
	const run = async (id: string) => {
		const execution = await executeWorkflow(home, id);
		outputs.push(execution.output);
		return execution;
	};
	const callPath = `/v1/phlo/${DEMO.phloId}/multi_party_call/${DEMO.nodeId}`;
	const transfer = {
		method: 'POST',
		path: callPath,
		body: {
			action: 'warm_transfer',
			to: DEMO.specialist,
			role: 'agent',
			trigger_source: DEMO.agent,
		},
	};
	const sent = () => sim.requests.map(requestOf);

	// Escalation: the sample alert reaches the on-call specialist.
	sim.reset();
	const escalated = await run(EXAMPLES.escalation[1]);
	report.equal('escalation: n8n execute exits 0', escalated.exitCode, 0);
	report.equal('escalation: one warm transfer to the billing specialist', sent(), [transfer]);
	report.includes(
		'escalation: success branch',
		outputItems(escalated, 'Specialist Ringing')[0]?.json,
		{
			ticket: 'HD-4821',
		},
	);
	report.equal('escalation: nobody notified', outputItems(escalated, 'Notify Team Lead'), []);
	// A warm transfer leaves the agent and the specialist talking privately, the customer on hold.
	const statusOf = (address: string) =>
		sim.getCall(DEMO.phloId, DEMO.nodeId).members.find((m) => m.address === address)?.status;
	report.equal(
		'escalation: the specialist is ringing (talking privately with the agent)',
		statusOf(DEMO.specialist),
		'private',
	);
	report.equal('escalation: the customer hears hold music', statusOf(DEMO.customer), 'on_hold');

	// Escalation when Plivo fails (a 503 after acting): not re-sent, the team lead is told.
	sim.reset();
	sim.addFault({ kind: 'status', status: 503, match: { path: callPath } });
	const failed = await run(EXAMPLES.escalation[1]);
	report.equal('escalation on a 503: n8n execute exits 0 (error branch taken)', failed.exitCode, 0);
	report.equal('escalation on a 503: the transfer is not sent twice', sent(), [transfer]);
	report.equal(
		'escalation on a 503: no success item',
		outputItems(failed, 'Specialist Ringing'),
		[],
	);
	const notice = outputItems(failed, 'Notify Team Lead')[0]?.json;
	report.includes('escalation on a 503: the team lead is notified', notice, { ticket: 'HD-4821' });
	report.matches(
		'escalation on a 503: the notice says what failed and what to check',
		notice?.message,
		/HD-4821 to \+14155550122 failed: Plivo: .*Outcome unknown.*still with \+14155550111/s,
	);

	// Campaign: four contacts, Plivo allowing 2 runs a second: every contact called exactly once.
	sim.reset();
	sim.setRateLimit({ perSecond: 2 });
	const campaign = await run(EXAMPLES.campaign[1]);
	sim.setRateLimit(null);
	const runPath = `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`;
	const accepted = sim.requests.filter((r) => r.path === runPath && r.processed);
	report.equal('campaign: n8n execute exits 0', campaign.exitCode, 0);
	report.includes('campaign: summary', outputItems(campaign, 'Campaign Summary')[0]?.json, {
		contacts: 4,
		started: 4,
		needsLook: [],
	});
	report.equal('campaign: no duplicate run', sim.duplicates(), {});
	report.equal('campaign: four runs acted on, one per contact', accepted.length, 4);
	report.check(
		'campaign: the limit was hit and waited out (429s answered)',
		sim.requests.length > accepted.length,
		`${sim.requests.length} requests for ${accepted.length} runs`,
	);
	report.equal(
		'campaign: each contact named in its run',
		accepted.map((r) => (JSON.parse(r.rawBody ?? '{}') as { to?: string }).to).sort(),
		['+14155550201', '+14155550202', '+14155550203', '+14155550204'],
	);

	// AI agent: asked to hold the customer, it holds the customer and nobody else.
	sim.reset();
	openAi.requests.length = 0;
	const agent = await run(EXAMPLES.agent[1]);
	report.equal('agent: n8n execute exits 0', agent.exitCode, 0);
	report.equal('agent: one hold request, for the customer', sent(), [
		{ method: 'POST', path: `${callPath}/members/${DEMO.customer}`, body: { action: 'hold' } },
	]);
	report.equal(
		'agent: the customer is on hold',
		sim.getCall(DEMO.phloId, DEMO.nodeId).members.find((m) => m.address === DEMO.customer)?.status,
		'on_hold',
	);
	report.check(
		'agent: the model saw the three call-control tools',
		(openAi.requests[0]?.tools?.length ?? 0) === 3,
		`tools: ${JSON.stringify(openAi.requests[0]?.tools?.map((t) => t.function.name))}`,
	);
	report.matches(
		'agent: its answer reports the tool result',
		outputItems(agent, 'Call Control Agent')[0]?.json.output,
		/Done\..*hold/i,
	);

	const everything = outputs.join('\n');
	for (const [what, secret] of Object.entries(SECRETS)) {
		report.check(
			`no example's output contains ${what}`,
			!everything.includes(secret),
			`found ${what}`,
		);
	}
}
