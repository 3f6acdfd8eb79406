/**
 * Cancelling stops a wait at once, on each n8n line: a webhook execution whose Get PHLO is
 * answered 429 with a long Retry-After is stopped through the REST API the editor's Stop button
 * uses, mid-wait. n8n marks an execution cancelled at once whatever the node does, so the node's
 * own end is read from the saved run: it ended within 2 s of the stop, the item says cancelled,
 * and nothing more reached the simulator. On a line where the wait ignored the cancel the node
 * would end at the Retry-After (RETRY_AFTER_S) and the try after it would go out.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

import { DEMO } from '../../../simulator';
import type { FaultSpec } from '../../../simulator/faults';
import type { N8nInstall } from '../../../tooling/n8n/n8n';
import type { N8nRest } from '../../../tooling/n8n/rest';
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

interface NodeRun {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until it returns something, or throws naming `what` after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, read: () => Promise<T | undefined>) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await pause(100);
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

type Parse = (text: string) => unknown;

/** The node's run as n8n saved it (flatted JSON, read with n8n's own flatted), once it is there. */
async function savedNodeRun(rest: N8nRest, id: string, parse: Parse): Promise<NodeRun | undefined> {
	const execution = await rest.request<{ data?: string }>('GET', `/rest/executions/${id}`);
	if (!execution?.data) return undefined;
	const data = parse(execution.data) as {
		resultData?: { runData?: Record<string, NodeRun[]> };
	};
	return data.resultData?.runData?.[NODE_NAME]?.[0];
}

export async function checkCancel(
	install: N8nInstall,
	server: { url: string; rest: N8nRest },
	sim: CancelSimulator,
	report: Report,
) {
	const { parse } = createRequire(install.bin)('flatted') as { parse: Parse };
	sim.reset();
	sim.addFault({
		kind: 'status',
		status: 429,
		retryAfter: RETRY_AFTER_S,
		match: { method: 'GET', path: `/v1/phlo/${DEMO.phloId}` },
	});
	const posted = await fetch(`${server.url}/webhook/${WEBHOOK_PATH}`, { method: 'POST' });
	report.equal('the webhook starts the execution', posted.status, 200);
	await waitFor('the first request reaching the simulator', 20_000, async () =>
		sim.requests.length > 0 ? true : undefined,
	);
	const execution = await waitFor('a running execution in the list', 10_000, async () =>
		(await executionsOf(server.rest, CANCEL_WORKFLOW.id)).find((e) => e.status === 'running'),
	);
	// Well inside the Retry-After wait.
	await pause(1000);
	const stoppedAt = Date.now();
	await server.rest.request('POST', `/rest/executions/${execution.id}/stop`);
	const run = await waitFor(
		"the node's run in the saved execution",
		(RETRY_AFTER_S + 10) * 1000,
		() => savedNodeRun(server.rest, execution.id, parse),
	);
	const endedAfterStopMs = run.startTime + run.executionTime - stoppedAt;
	report.check(
		`the node ended within ${STOPS_WITHIN_MS / 1000} s of the stop (Retry-After ${RETRY_AFTER_S} s)`,
		endedAfterStopMs < STOPS_WITHIN_MS,
		`it ended ${(endedAfterStopMs / 1000).toFixed(1)} s after the stop`,
	);
	report.matches(
		"the item's error says the execution was cancelled",
		run.data?.main?.[0]?.[0]?.json.error,
		/cancelled/i,
	);
	const listed = (await executionsOf(server.rest, CANCEL_WORKFLOW.id)).find(
		(e) => e.id === execution.id,
	);
	report.check(
		'n8n lists the execution as stopped',
		listed?.status === 'canceled' || listed?.status === 'crashed' || Boolean(listed?.stoppedAt),
		`listed as ${JSON.stringify(listed)}`,
	);
	report.equal('only the one request reached the simulator', sim.requests.length, 1);
}
