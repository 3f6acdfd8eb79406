/**
 * The editor's test URL (`/webhook-test/<id>/plivo`) for the Plivo PHLO Trigger in real n8n. n8n
 * registers it only while the editor listens ("Listen for test event" / Execute workflow), which
 * the editor asks for with `POST /rest/workflows/:id/run` naming the trigger to start from. Then a
 * request signed over the public test URL (WEBHOOK_URL's host, `/webhook-test/`) starts one manual
 * execution; a wrong signature gets 401 and starts none, and n8n keeps listening after it.
 */
import { DEMO, type Simulator } from '../../../simulator';
import type { N8nRest } from '../../../tooling/n8n/rest';
import type { Workflow } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';

interface ExecutionPage {
	count: number;
	results: Array<{ id: string; mode?: string; status?: string }>;
}

/** n8n stores execution data in `flatted` form: every string is an index into the array. */
function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const built = new Map<number, unknown>();
	const revive = (value: unknown): unknown =>
		typeof value === 'string' ? entry(Number(value)) : value;
	const entry = (index: number): unknown => {
		const value = table[index];
		if (typeof value !== 'object' || value === null) return value;
		if (built.has(index)) return built.get(index);
		const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		built.set(index, copy);
		for (const [key, inner] of Object.entries(value))
			(copy as Record<string, unknown>)[key] = revive(inner);
		return copy;
	};
	return entry(0);
}

type RunData = Record<string, Array<{ data: { main: Array<Array<{ json: object }>> } }>>;

/** The first item the trigger put out in an execution. */
async function triggerItem(rest: N8nRest, executionId: string, trigger: string) {
	const execution = await rest.request<{ data: string }>('GET', `/rest/executions/${executionId}`);
	const data = unflatten(execution.data) as { resultData: { runData: RunData } };
	return data.resultData.runData[trigger]?.[0]?.data.main[0]?.[0]?.json as
		Record<string, unknown> | undefined;
}

async function latestExecutions(rest: N8nRest, workflowId: string): Promise<ExecutionPage> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return await rest.request<ExecutionPage>('GET', `/rest/executions?filter=${filter}&limit=1`);
}

/**
 * The executions count once it reaches `expected` or stops growing for `quietMs` (3 s; within
 * 60 s). n8n counts finished executions, and a storm on a slow database finishes slowly: the
 * storm waits longer before it calls the count settled.
 */
export async function settledExecutions(
	rest: N8nRest,
	workflowId: string,
	expected: number,
	{ quietMs = 3000, withinMs = 60_000 } = {},
) {
	let last = -1;
	let stableSince = Date.now();
	for (const deadline = Date.now() + withinMs; Date.now() < deadline;) {
		const count = (await latestExecutions(rest, workflowId)).count;
		if (count >= expected) return count;
		if (count !== last) [last, stableSince] = [count, Date.now()];
		else if (Date.now() - stableSince > quietMs) return count;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return last;
}

/**
 * What the editor's Execute workflow / Listen for test event sends: the saved workflow and the
 * trigger to start from (2.41 reads the workflow from its database and ignores `workflowData`;
 * 1.x and 2.0 run the `workflowData` they are given).
 */
async function listenForTestEvent(rest: N8nRest, workflowId: string, trigger: string) {
	const workflowData = await rest.request<Record<string, unknown>>(
		'GET',
		`/rest/workflows/${workflowId}`,
	);
	return await rest.request<{ waitingForWebhook?: boolean }>(
		'POST',
		`/rest/workflows/${workflowId}/run`,
		{ workflowData, triggerToStartFrom: { name: trigger } },
	);
}

export async function checkTestUrl(
	simulator: Simulator,
	rest: N8nRest,
	publicBase: string,
	via: string,
	workflow: Workflow,
	report: Report,
) {
	const trigger = workflow.nodes[0];
	const testUrl = `${publicBase}/webhook-test/${trigger.webhookId}/plivo`;
	simulator.reset();
	simulator.callbacks.setStatusCallback({
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		url: testUrl,
		via,
	});
	const fire = (fault?: 'wrongSignature') =>
		simulator.callbacks.fire({ event: 'ParticipantJoin', fault }).then(([delivery]) => delivery);

	const before = (await latestExecutions(rest, workflow.id)).count;
	const unregistered = await fire();
	report.equal('test URL: before the editor listens, n8n answers 404', unregistered.status, 404);

	const listening = await listenForTestEvent(rest, workflow.id, trigger.name);
	report.equal(
		'test URL: the editor\'s "Listen for test event" waits for a webhook',
		listening.waitingForWebhook,
		true,
	);
	const wrong = await fire('wrongSignature');
	report.equal('test URL: a wrong signature gets 401', wrong.status, 401);
	report.equal(
		'test URL: the 401 started no execution',
		await settledExecutions(rest, workflow.id, before + 1),
		before,
	);
	const signed = await fire();
	report.equal(
		'test URL: an event signed over the public test URL (WEBHOOK_URL) is answered 200',
		signed.status,
		200,
	);
	report.equal(
		'test URL: it starts one execution',
		await settledExecutions(rest, workflow.id, before + 1),
		before + 1,
	);
	const latest = (await latestExecutions(rest, workflow.id)).results[0];
	report.equal("test URL: the execution is the editor's (manual)", latest?.mode, 'manual');
	// The item carries what Plivo sent, under the Plivo PHLO node's names; null where Plivo omits it.
	const form = Object.fromEntries(new URLSearchParams(signed.body));
	const json = latest ? await triggerItem(rest, latest.id, trigger.name) : undefined;
	report.equal(
		"test URL: the item holds the callback's fields (from, to, memberAddress null: Plivo sends none)",
		json && {
			event: json.event,
			eventName: json.eventName,
			callUuid: json.callUuid,
			memberId: json.memberId,
			participantRole: json.participantRole,
			mpcName: json.mpcName,
			mpcUuid: json.mpcUuid,
			from: json.from,
			to: json.to,
			memberAddress: json.memberAddress,
			eventTimeIsIso: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(String(json.eventTime)),
		},
		{
			event: 'participantJoined',
			eventName: 'ParticipantJoin',
			callUuid: form.ParticipantCallUUID,
			memberId: form.MemberID,
			participantRole: form.ParticipantRole,
			mpcName: form.MPCName,
			mpcUuid: form.MPCUUID,
			from: null,
			to: null,
			memberAddress: null,
			eventTimeIsIso: true,
		},
	);
	const after = await fire();
	report.equal('test URL: n8n stops listening after one event (404)', after.status, 404);
}
