/**
 * The Plivo PHLO Trigger in real n8n (issue 23): the packed package in its own user folder, n8n
 * behind a WEBHOOK_URL that differs from the address it listens on (the simulator signs the public
 * URL and connects to the real one, as a proxy would), two published workflows, and the simulator
 * playing Plivo. Checked: the loop example answers the PHLO and transfers once; a status callback
 * starts one execution; a wrong signature gets 401 and a replay is refused, neither starting one;
 * an unwanted event gets 200 and starts none; 300 signed events at once start 300 executions;
 * the editor's test URL while it listens (triggerTestUrl.ts).
 * Alone: E2E_LINES=current E2E_SCENARIOS='Plivo PHLO Trigger' npm run e2e
 */
import { randomUUID } from 'node:crypto';

import { DEFAULT_ACCOUNT, DEMO, type Delivery, type Simulator } from '../../../simulator';
import {
	importCredential,
	importWorkflows,
	publishOnceRunning,
	publishWorkflows,
} from '../../../tooling/n8n/importing';
import { N8nHome, type N8nInstall } from '../../../tooling/n8n/n8n';
import { installInto } from '../../../tooling/n8n/package';
import { freePort } from '../../../tooling/n8n/ports';
import { N8nRest } from '../../../tooling/n8n/rest';
import { CREDENTIAL, type Workflow } from '../../../tooling/workflows/builders';
import { triggerExampleWorkflow } from '../../../tooling/workflows/examples';
import {
	importPhloSecret,
	loopExampleUrl,
	loopPhloStep,
} from '../../../tooling/workflows/triggerLoop';
import type { Report } from '../lib/report';
import { checkTestUrl, settledExecutions } from './triggerTestUrl';

export const TRIGGER_SCENARIO =
	'Plivo PHLO Trigger (WEBHOOK_URL, signatures, the loop example, a storm)';
/** E2E_TRIGGER_STORM=0 leaves the storm out while working on the other checks. */
const STORM = Number(process.env.E2E_TRIGGER_STORM ?? 300);
/** A host name n8n is not listening on: only the signature and the Host header carry it. */
const PUBLIC_HOST = 'n8n-public.test';

/** Participant Joined only, Plivo's signature, answered at once. */
const EVENTS_WORKFLOW: Workflow = {
	id: 'e2eTriggerEvents',
	name: 'Trigger: participant joined',
	active: false,
	versionId: randomUUID(),
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'b0a1c2d3-0000-4000-8000-000000000001',
			name: 'Plivo PHLO Trigger',
			type: 'n8n-nodes-plivo-phlo.plivoPhloTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
			parameters: {
				authentication: 'plivoSignature',
				events: ['participantJoined'],
				responseMode: 'onReceived',
			},
			credentials: { plivoPhloApi: CREDENTIAL },
		},
		{
			id: 'b0a1c2d3-0000-4000-8000-000000000002',
			name: 'Joined',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [240, 0],
			parameters: {},
		},
	],
	connections: { 'Plivo PHLO Trigger': { main: [[{ node: 'Joined', type: 'main', index: 0 }]] } },
};

/** Until n8n serves the webhook (it registers published workflows after it reports ready). */
async function webhookListens(localUrl: string): Promise<boolean> {
	for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
		const response = await fetch(localUrl, { method: 'POST' }).catch(() => undefined);
		if (response && response.status !== 404) return true;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return false;
}

const statuses = (deliveries: Delivery[]) =>
	deliveries.reduce<Record<number, number>>((tally, { status }) => {
		tally[status] = (tally[status] ?? 0) + 1;
		return tally;
	}, {});

export async function checkTrigger(
	install: N8nInstall,
	tarball: string,
	dir: string,
	simulator: Simulator,
	report: Report,
): Promise<void> {
	const home = new N8nHome(install, dir);
	await installInto(home.userFolder, tarball);
	await importCredential(home, simulator.url, DEFAULT_ACCOUNT);
	await importPhloSecret(home);
	const loop = triggerExampleWorkflow();
	await importWorkflows(home, [loop, EVENTS_WORKFLOW]);
	await publishWorkflows(home, [loop, EVENTS_WORKFLOW]);
	const port = await freePort();
	const publicBase = `http://${PUBLIC_HOST}:${port}`;
	const server = await home.start({ WEBHOOK_URL: `${publicBase}/` }, port);
	try {
		const rest = new N8nRest(server.url);
		await rest.setupOwner();
		await publishOnceRunning(home, rest, [loop, EVENTS_WORKFLOW]);
		for (const workflow of [loop, EVENTS_WORKFLOW]) {
			const webhookId = workflow.nodes.find((node) => node.webhookId)?.webhookId;
			const listens = await webhookListens(`${server.url}/webhook/${webhookId}/plivo`);
			report.check(`${workflow.name}: the published webhook listens`, listens);
		}
		await checkLoop(simulator, rest, publicBase, server.url, loop, report);
		await checkEvents(simulator, rest, publicBase, server.url, report);
		await checkTestUrl(simulator, rest, publicBase, server.url, EVENTS_WORKFLOW, report);
	} finally {
		await server.stop();
	}
}

/** Caller presses 1 → the loop example transfers to the specialist and answers the PHLO. */
async function checkLoop(
	simulator: Simulator,
	rest: N8nRest,
	publicBase: string,
	via: string,
	loop: Workflow,
	report: Report,
) {
	simulator.reset();
	simulator.callbacks.setPhloStep(loopPhloStep(loopExampleUrl(publicBase), via));
	const [answer] = await simulator.callbacks.fire({ event: 'phloStep', fields: { digits: '1' } });
	report.equal('loop: the PHLO step is answered 200', answer.status, 200);
	report.includes('loop: the PHLO gets the specialist in the answer', answer.json, {
		specialist: DEMO.specialist,
		transferred: true,
	});
	report.equal('loop: one warm transfer reached Plivo', simulator.counts().byTo, {
		[DEMO.specialist]: 1,
	});
	const specialist = simulator
		.getCall(DEMO.phloId, DEMO.nodeId)
		.members.find((member) => member.address === DEMO.specialist);
	report.equal(
		'loop: the specialist talks privately with the agent',
		specialist?.status,
		'private',
	);
	report.equal('loop: one execution', await settledExecutions(rest, loop.id, 1), 1);

	// The wrong secret: 401, and nothing reaches Plivo.
	simulator.callbacks.setPhloStep({
		...loopPhloStep(loopExampleUrl(publicBase), via),
		auth: { header: { name: 'X-Phlo-Secret', value: 'guessed' } },
	});
	const [refused] = await simulator.callbacks.fire({ event: 'phloStep', fields: { digits: '1' } });
	report.equal('loop: a wrong header secret gets 401', refused.status, 401);
	report.equal('loop: still one execution', await settledExecutions(rest, loop.id, 2), 1);
}

/** Signed status callbacks on the production URL, behind WEBHOOK_URL. */
async function checkEvents(
	simulator: Simulator,
	rest: N8nRest,
	publicBase: string,
	via: string,
	report: Report,
) {
	const id = EVENTS_WORKFLOW.id;
	const webhookId = EVENTS_WORKFLOW.nodes[0].webhookId;
	simulator.reset();
	simulator.callbacks.setStatusCallback({
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		url: `${publicBase}/webhook/${webhookId}/plivo`,
		via,
	});
	// A warm transfer holds the customer (not picked) and the specialist joins (picked).
	const transfer = await fetch(
		`${simulator.url}/v1/phlo/${DEMO.phloId}/multi_party_call/${DEMO.nodeId}`,
		{
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				Authorization: `Basic ${Buffer.from(`${DEFAULT_ACCOUNT.authId}:${DEFAULT_ACCOUNT.authToken}`).toString('base64')}`,
			},
			body: JSON.stringify({
				action: 'warm_transfer',
				to: DEMO.specialist,
				trigger_source: DEMO.agent,
			}),
		},
	);
	report.equal('events: the transfer is accepted', transfer.status, 201);
	const records = simulator.callbacks.deliveries.records;
	const answered = () => records.length >= 2 && records.every((record) => record.ms > 0);
	for (const deadline = Date.now() + 10_000; !answered() && Date.now() < deadline;)
		await new Promise((resolve) => setTimeout(resolve, 50));
	const [hold, join] = records;
	report.equal(
		'events: status callbacks signed for WEBHOOK_URL are answered 200 (hold, join)',
		[hold?.event, hold?.status, join?.event, join?.status],
		['ParticipantHold', 200, 'ParticipantJoin', 200],
	);
	report.equal(
		'events: the join starts one execution, the hold none',
		await settledExecutions(rest, id, 1),
		1,
	);

	const [wrong] = await simulator.callbacks.fire({
		event: 'ParticipantJoin',
		fault: 'wrongSignature',
	});
	report.equal('events: a wrong signature gets 401', wrong.status, 401);
	report.check(
		'events: the 401 says nothing that helps',
		!/token|signature|nonce|expected/i.test(wrong.answer),
		wrong.answer,
	);
	const replay = await simulator.callbacks.deliveries.resend(join.seq);
	report.check(
		'events: a replayed request is refused',
		replay.status >= 400,
		`status ${replay.status}`,
	);
	const [unwanted] = await simulator.callbacks.fire({ event: 'ParticipantExit' });
	report.equal('events: an unwanted event gets 200', unwanted.status, 200);
	report.equal(
		'events: none of those started an execution',
		await settledExecutions(rest, id, 2),
		1,
	);

	if (STORM === 0) return;
	const started = Date.now();
	// Long enough for a loaded machine: an abandoned request would count as lost.
	const storm = await simulator.callbacks.fire({
		event: 'ParticipantJoin',
		count: STORM,
		timeoutMs: 180_000,
	});
	// n8n itself answers 503 "Database is not ready!" when its database ping times out on a loaded
	// machine: the request never reached the trigger and started nothing. A sender that retries
	// (as a PHLO author's HTTP Request component or Plivo may) resends it unchanged, same nonce.
	let refusedByN8n = 0;
	for (let round = 0; round < 5; round++) {
		const refused = storm.filter((d) => d.status === 503);
		if (refused.length === 0) break;
		refusedByN8n += refused.length;
		const texts = new Set(refused.map((d) => d.error ?? d.answer));
		for (const text of texts) console.log(`  503 (resent): ${String(text).slice(0, 120)}`);
		await new Promise((resolve) => setTimeout(resolve, 2000));
		for (const delivery of refused)
			storm[storm.indexOf(delivery)] = await simulator.callbacks.deliveries.resend(delivery.seq);
	}
	const answeredMs = Date.now() - started;
	report.equal(`events: ${STORM} signed events at once all answered 200`, statuses(storm), {
		200: STORM,
	});
	const others = new Set(storm.filter((d) => d.status !== 200).map((d) => d.error ?? d.answer));
	for (const text of others) console.log(`  not 200: ${String(text).slice(0, 120)}`);
	console.log(`  storm: n8n answered ${refusedByN8n} with its own 503 first; they were resent`);
	const total = await settledExecutions(rest, id, 1 + STORM, {
		quietMs: 30_000,
		withinMs: 600_000,
	});
	console.log(`  storm: ${STORM} answered in ${answeredMs} ms; ${total - 1} executions`);
	report.equal(`events: ${STORM} executions, none lost`, total - 1, STORM);
}
