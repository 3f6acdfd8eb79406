/**
 * Cancelling stops a wait at once, on each n8n line: a webhook execution whose Get PHLO is
 * answered 429 with a long Retry-After is stopped through the REST API the editor's Stop button
 * uses, mid-wait. n8n marks an execution cancelled at once whatever the node does, and does not
 * save the node's later output; so the node's own end is read from n8n's debug log, where every
 * line writes `Running node "<name>" finished …` when the node returns: within 2 s of the stop,
 * where a wait that ignored the cancel would return at the Retry-After (RETRY_AFTER_S). The node
 * must run against the line's own n8n-workflow (its `sleep` shape), which installInto checks:
 * from a user folder inside the checkout it loaded the project's copy on every line, and this
 * check passed on 1.x with the sleep choice broken.
 */
import { randomUUID } from 'node:crypto';

import { DEMO } from '../../../simulator';
import type { FaultSpec } from '../../../simulator/faults';
import { readLog, type N8nHome } from '../../../tooling/n8n/n8n';
import { onCleanup } from '../../../tooling/n8n/processes';
import { N8nRest } from '../../../tooling/n8n/rest';
import { CREDENTIAL, NODE_TYPE, type Workflow } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';
import type { SimulatorView } from './workflows';

const RETRY_AFTER_S = 12;
const WEBHOOK_PATH = 'e2e-cancel';
const NODE_NAME = 'Get PHLO';
/** How soon after the stop the node must have ended. */
const STOPS_WITHIN_MS = 2000;

export const CANCEL_WORKFLOW: Workflow = {
	id: 'e2eCancelWait001',
	name: 'Cancelled while waiting for Retry-After',
	active: false,
	versionId: randomUUID(),
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e2eCancelWait001-webhook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, options: {} },
		},
		{
			id: 'e2eCancelWait001-get',
			name: NODE_NAME,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'phlo',
				operation: 'get',
				phloId: { __rl: true, mode: 'id', value: DEMO.phloId },
			},
			credentials: { plivoPhloApi: CREDENTIAL },
			onError: 'continueRegularOutput',
		},
	],
	connections: { Webhook: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
};

interface CancelSimulator extends SimulatorView {
	addFault(spec: FaultSpec): void;
}

interface ExecutionSummary {
	id: string;
	status?: string;
	stoppedAt?: string | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until it returns something, or throws naming `what` after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, read: () => Promise<T | undefined>) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await pause(250);
	}
}

/** The executions list: `{ results }` on 1.x and 2.x, `{ data: { results } }` unwrapped by N8nRest. */
async function executionsOf(rest: N8nRest, workflowId: string): Promise<ExecutionSummary[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const list = await rest.request<{ results?: ExecutionSummary[] }>(
		'GET',
		`/rest/executions?filter=${filter}`,
	);
	return list.results ?? [];
}

const FINISHED = `Running node "${NODE_NAME}" finished`;

/**
 * Stops the line's shared n8n (`shared`) and starts one at debug level on the same home, whose
 * log says when the node returned; stops it at the end.
 */
export async function checkCancel(
	home: N8nHome,
	shared: { stop(): Promise<void> },
	sim: CancelSimulator,
	report: Report,
) {
	await shared.stop();
	const server = await home.start({ N8N_LOG_LEVEL: 'debug' });
	onCleanup(server.stop);
	try {
		const rest = new N8nRest(server.url);
		await rest.login();
		await cancelMidWait(server, rest, sim, report);
	} finally {
		await server.stop();
	}
}

async function cancelMidWait(
	server: { url: string; log: string },
	rest: N8nRest,
	sim: CancelSimulator,
	report: Report,
) {
	sim.reset();
	sim.addFault({
		kind: 'status',
		status: 429,
		retryAfter: RETRY_AFTER_S,
		match: { method: 'GET', path: `/v1/phlo/${DEMO.phloId}` },
	});
	// n8n may answer before it has registered the published webhooks: 404 until then.
	const status = await waitFor('the webhook registered', 60_000, async () => {
		const posted = await fetch(`${server.url}/webhook/${WEBHOOK_PATH}`, { method: 'POST' });
		return posted.status === 404 ? undefined : posted.status;
	});
	report.equal('the webhook starts the execution', status, 200);
	await waitFor('the first request reaching the simulator', 20_000, async () =>
		sim.requests.length > 0 ? true : undefined,
	);
	const execution = await waitFor('a running execution in the list', 10_000, async () =>
		(await executionsOf(rest, CANCEL_WORKFLOW.id)).find((e) => e.status === 'running'),
	);
	// Well inside the Retry-After wait.
	await pause(1000);
	report.check(
		'the node is still waiting before the stop',
		!readLog(server.log).includes(FINISHED),
		'the node had returned already',
	);
	const stoppedAt = Date.now();
	await rest.request('POST', `/rest/executions/${execution.id}/stop`);
	await waitFor('the node returning (debug log)', (RETRY_AFTER_S + 10) * 1000, async () =>
		readLog(server.log).includes(FINISHED) ? true : undefined,
	);
	const returnedAfterMs = Date.now() - stoppedAt;
	report.check(
		`the node returned within ${STOPS_WITHIN_MS / 1000} s of the stop (Retry-After ${RETRY_AFTER_S} s)`,
		returnedAfterMs < STOPS_WITHIN_MS,
		`it returned ${(returnedAfterMs / 1000).toFixed(1)} s after the stop`,
	);
	const listed = (await executionsOf(rest, CANCEL_WORKFLOW.id)).find((e) => e.id === execution.id);
	report.check(
		'n8n lists the execution as stopped',
		listed?.status === 'canceled' || listed?.status === 'crashed' || Boolean(listed?.stoppedAt),
		`listed as ${JSON.stringify(listed)}`,
	);
	report.equal('only the one request reached the simulator', sim.requests.length, 1);
}
