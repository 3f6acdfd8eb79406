/**
 * The Plivo PHLO Trigger through n8n-core's real WebhookContext and WorkflowExecute, over loopback
 * HTTP (tooling/engine/webhook.ts): every rule of the node, one request at a time. Requests are
 * signed with the node's own V3 code, which test/unit/signature.test.ts holds to Plivo's SDK.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import {
	NodeConnectionTypes,
	type IConnections,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type IRun,
} from 'n8n-workflow';

import {
	registerNodeType,
	startWebhookHarness,
	type HarnessCredential,
	type WebhookHarness,
} from '../../tooling/engine';
import { signedText, v3Signature, type Params } from '../../nodes/PlivoPhloTrigger/signature';
import type * as Nonces from '../../nodes/PlivoPhloTrigger/nonces';
import { DEFAULT_ACCOUNT } from '../../simulator';
import { PACKAGE_ROOT } from '../../tooling/engine/nodeTypes';

/** The nonce memory of the built node the engine runs (one per process, as in n8n). */
const { seenNonces, MAX_NONCES } = require(
	join(PACKAGE_ROOT, 'dist/nodes/PlivoPhloTrigger/nonces'),
) as typeof Nonces;

const TOKEN = DEFAULT_ACCOUNT.authToken;
const MAIN_TOKEN = 'main-account-token-5e0c7a91';
const HEADER_SECRET = 'phlo-header-secret-3b9d';
const BASIC_PASSWORD = 'phlo-basic-password-8c2f';
const TRIGGER = 'Plivo PHLO Trigger';

/** The workflow's second node: answers `{ specialist }` for the PHLO, after `delayMs`. */
class AnswerNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Answer',
		name: 'answer',
		group: ['transform'],
		version: 1,
		description: 'Test node: outputs the on-call specialist',
		defaults: { name: 'Answer' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Delay', name: 'delayMs', type: 'number', default: 0 }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const delayMs = this.getNodeParameter('delayMs', 0) as number;
		if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
		const [item] = this.getInputData();
		return [[{ json: { specialist: '+14155550300', event: item.json.event }, pairedItem: 0 }]];
	}
}
registerNodeType('test.answer', new AnswerNode());

const credentials: Record<string, HarnessCredential> = {
	plivo: {
		id: 'plivo',
		name: 'Plivo',
		type: 'plivoPhloApi',
		data: { ...DEFAULT_ACCOUNT, environment: 'production', mainAccountAuthToken: MAIN_TOKEN },
	},
	header: {
		id: 'header',
		name: 'Header',
		type: 'plivoPhloHeaderAuthApi',
		data: { headerName: 'X-Phlo-Secret', secret: HEADER_SECRET },
	},
	basic: {
		id: 'basic',
		name: 'Basic',
		type: 'plivoPhloBasicAuthApi',
		data: { user: 'phlo', password: BASIC_PASSWORD },
	},
};

function workflow(parameters: INodeParameters, delayMs = 0) {
	const nodes: INode[] = [
		{
			id: 'trigger',
			name: TRIGGER,
			type: 'n8n-nodes-plivo-phlo.plivoPhloTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters,
			credentials: {
				plivoPhloApi: { id: 'plivo', name: 'Plivo' },
				plivoPhloHeaderAuthApi: { id: 'header', name: 'Header' },
				plivoPhloBasicAuthApi: { id: 'basic', name: 'Basic' },
			},
		},
		{
			id: 'answer',
			name: 'Answer',
			type: 'test.answer',
			typeVersion: 1,
			position: [200, 0],
			parameters: { delayMs },
		},
	];
	const connections: IConnections = {
		[TRIGGER]: { main: [[{ node: 'Answer', type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	return { nodes, connections, credentials, trigger: TRIGGER };
}

let hooks: WebhookHarness[] = [];
async function serve(
	parameters: INodeParameters,
	options: { test?: boolean; delayMs?: number } = {},
) {
	const hook = await startWebhookHarness({
		...workflow(parameters, options.delayMs),
		test: options.test,
	});
	hooks.push(hook);
	return hook;
}
afterEach(async () => {
	for (const hook of hooks) await hook.settled();
	await Promise.all(hooks.map((hook) => hook.close()));
	hooks = [];
});

interface Sent {
	method?: 'GET' | 'POST';
	query?: string;
	form?: Record<string, string | string[]>;
	headers?: Record<string, string>;
}

function formText(form: Record<string, string | string[]>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(form)) {
		for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
	}
	return params.toString();
}

/** Plivo's V3 headers for this request to `url` (the URL as Plivo called it). */
function plivoHeaders(url: string, sent: Sent, token = TOKEN, nonce: string = randomUUID()) {
	const method = sent.method ?? 'POST';
	const body: Params = {};
	for (const [key, value] of Object.entries(method === 'POST' ? (sent.form ?? {}) : {})) {
		body[key] = Array.isArray(value) ? value : [value];
	}
	const fullUrl = sent.query ? `${url}?${sent.query}` : url;
	const signature = v3Signature(token, signedText(method, fullUrl, body, nonce));
	return { 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce };
}

async function send(hook: WebhookHarness, sent: Sent) {
	const method = sent.method ?? 'POST';
	const url = sent.query ? `${hook.listenUrl}?${sent.query}` : hook.listenUrl;
	const response = await fetch(url, {
		method,
		headers: {
			...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
			...sent.headers,
		},
		body: method === 'POST' ? formText(sent.form ?? {}) : undefined,
	});
	const text = await response.text();
	const answeredAt = Date.now();
	await hook.settled();
	return {
		status: response.status,
		answeredAt,
		json: () => JSON.parse(text) as Record<string, unknown>,
	};
}

async function sendSigned(hook: WebhookHarness, sent: Sent, token = TOKEN, nonce?: string) {
	const headers = { ...plivoHeaders(hook.publicUrl, sent, token, nonce), ...sent.headers };
	return await send(hook, { ...sent, headers });
}

const output = (run: IRun) => run.data.resultData.runData[TRIGGER][0].data!.main[0]![0].json;

const JOIN = {
	EventName: 'ParticipantJoin',
	EventTimestamp: '2026-12-06 17:05:51',
	MPCName: 'support-4711',
	MPCUUID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
	MemberID: '12',
	ParticipantRole: 'Agent',
	ParticipantCallUUID: 'c1a2b3d4-e5f6-4789-8abc-def012345678',
	From: '+14155550100',
	To: '+14155550200',
	Direction: 'inbound',
};

describe('Plivo signature', () => {
	it('a signed Multi-Party Call callback starts one execution with the documented item', async () => {
		const hook = await serve({});
		const answer = await sendSigned(hook, { form: JOIN, query: 'team=red&team=blue' });
		expect(answer.status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		const json = output(hook.executions[0]);
		expect(json).toMatchObject({
			event: 'participantJoined',
			eventName: 'ParticipantJoin',
			callUuid: JOIN.ParticipantCallUUID,
			from: JOIN.From,
			to: JOIN.To,
			direction: 'inbound',
			memberAddress: JOIN.From,
			memberId: '12',
			participantRole: 'Agent',
			mpcName: 'support-4711',
			mpcUuid: JOIN.MPCUUID,
			eventTime: '2026-12-06T17:05:51.000Z',
			method: 'POST',
			body: JOIN,
			query: { team: ['red', 'blue'] },
		});
		expect(Date.parse(String(json.receivedAt))).not.toBeNaN();
		const headers = Object.keys(json.headers as object).map((name) => name.toLowerCase());
		expect(headers).toContain('content-type');
		expect(headers.filter((name) => name.startsWith('x-plivo-signature-v3'))).toEqual([
			'x-plivo-signature-v3-nonce',
		]);
	});

	it('a GET callback is signed over its sorted query', async () => {
		const hook = await serve({});
		const query = 'To=%2B14155550200&From=%2B14155550100&CallStatus=in-progress&CallUUID=abc';
		const answer = await sendSigned(hook, { method: 'GET', query });
		expect(answer.status).toBe(200);
		expect(output(hook.executions[0])).toMatchObject({ event: 'callAnswered', callUuid: 'abc' });
	});

	it.each([
		[
			'a wrong signature',
			(h: Record<string, string>) => ({
				...h,
				'X-Plivo-Signature-V3': 'x' + h['X-Plivo-Signature-V3'].slice(1),
			}),
		],
		[
			'no signature',
			(h: Record<string, string>) => ({
				'X-Plivo-Signature-V3-Nonce': h['X-Plivo-Signature-V3-Nonce'],
			}),
		],
		[
			'no nonce',
			(h: Record<string, string>) => ({ 'X-Plivo-Signature-V3': h['X-Plivo-Signature-V3'] }),
		],
		[
			'another nonce',
			(h: Record<string, string>) => ({ ...h, 'X-Plivo-Signature-V3-Nonce': 'other' }),
		],
	])('%s: 401, the same answer, no execution', async (_name, change) => {
		const hook = await serve({});
		const headers = change(plivoHeaders(hook.publicUrl, { form: JOIN }));
		const answer = await send(hook, { form: JOIN, headers });
		expect(answer.status).toBe(401);
		expect(answer.json()).toEqual({ message: 'Authorization failed' });
		expect(hook.executions).toHaveLength(0);
	});

	it('signs the query: a request whose query was changed is refused', async () => {
		const hook = await serve({});
		const headers = plivoHeaders(hook.publicUrl, { form: JOIN, query: 'team=red' });
		const answer = await send(hook, { form: JOIN, query: 'team=blue', headers });
		expect(answer.status).toBe(401);
		expect(hook.executions).toHaveLength(0);
	});

	it('signs the public URL (WEBHOOK_URL), not the address n8n listens on', async () => {
		const hook = await serve({});
		const headers = plivoHeaders(hook.listenUrl, { form: JOIN });
		expect((await send(hook, { form: JOIN, headers })).status).toBe(401);
		expect((await sendSigned(hook, { form: JOIN })).status).toBe(200);
	});

	it("the editor's test URL is signed as the test URL", async () => {
		const hook = await serve({}, { test: true });
		expect(hook.publicUrl).toContain('/webhook-test/');
		const production = hook.publicUrl.replace('/webhook-test/', '/webhook/');
		const headers = plivoHeaders(production, { form: JOIN });
		expect((await send(hook, { form: JOIN, headers })).status).toBe(401);
		expect((await sendSigned(hook, { form: JOIN })).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
	});

	it('a replayed nonce is refused: one execution for two identical requests', async () => {
		const hook = await serve({});
		const headers = plivoHeaders(hook.publicUrl, { form: JOIN });
		expect((await send(hook, { form: JOIN, headers })).status).toBe(200);
		const replay = await send(hook, { form: JOIN, headers });
		expect(replay.status).toBe(401);
		expect(replay.json()).toEqual({ message: 'Authorization failed' });
		expect(hook.executions).toHaveLength(1);
	});

	it('a full nonce memory refuses with 503 and starts nothing, rather than forget a nonce', async () => {
		const hook = await serve({});
		const now = Date.now();
		for (let i = 0; i < MAX_NONCES; i++) seenNonces.check(`filler-${i}`, now);
		try {
			const answer = await sendSigned(hook, { form: JOIN });
			expect(answer.status).toBe(503);
			expect(hook.executions).toHaveLength(0);
		} finally {
			seenNonces.clear();
		}
		expect((await sendSigned(hook, { form: JOIN })).status).toBe(200);
	});

	it("a subaccount's call signed with the main account's token (Ma-V3) is accepted", async () => {
		const hook = await serve({});
		const signed = plivoHeaders(hook.publicUrl, { form: JOIN }, MAIN_TOKEN);
		const headers = {
			'X-Plivo-Signature-V3': 'c3ViYWNjb3VudC1zaWduYXR1cmUtd2UtY2Fubm90LWNoZWNr',
			'X-Plivo-Signature-Ma-V3': signed['X-Plivo-Signature-V3'],
			'X-Plivo-Signature-V3-Nonce': signed['X-Plivo-Signature-V3-Nonce'],
		};
		expect((await send(hook, { form: JOIN, headers })).status).toBe(200);
		const json = output(hook.executions[0]);
		expect(Object.keys(json.headers as object).map((n) => n.toLowerCase())).not.toContain(
			'x-plivo-signature-ma-v3',
		);
	});
});

describe('events', () => {
	it('an event not picked is answered 200 and starts nothing', async () => {
		const hook = await serve({ events: ['digitsPressed'] });
		const answer = await sendSigned(hook, { form: JOIN });
		expect(answer.status).toBe(200);
		expect(answer.json()).toEqual({ received: true, started: false });
		expect(hook.executions).toHaveLength(0);
		const digits = await sendSigned(hook, {
			form: { ...JOIN, EventName: 'ParticipantDigitInput', Digits: '2' },
		});
		expect(digits.status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(output(hook.executions[0])).toMatchObject({ event: 'digitsPressed', digits: '2' });
	});

	it.each([
		[{ EventName: 'ParticipantExit' }, 'participantLeft'],
		[{ EventName: 'ParticipantHold' }, 'participantHold'],
		[{ EventName: 'ParticipantUnhold' }, 'participantUnhold'],
		[{ event: 'ConferenceEnter', call_uuid: 'u1' }, 'participantJoined'],
		[{ event: 'transferAnswered' }, 'transferAnswered'],
		[{ EventName: 'MPCEnd' }, 'multiPartyCallEnded'],
		[{ EventName: 'ParticipantSpeakStart' }, 'other'],
		[{ CallUUID: 'u2', HangupCause: 'NORMAL_CLEARING', CallStatus: 'completed' }, 'hangup'],
		[{ Digits: '1', CallUUID: 'u3' }, 'digitsPressed'],
		[{ ticket: 'INC-1', caller: '+14155550100' }, 'phloRequest'],
	])('%j is %s', async (form, event) => {
		const hook = await serve({ authentication: 'none', events: [event] });
		expect((await send(hook, { form })).status).toBe(200);
		expect(hook.executions).toHaveLength(1);
		expect(output(hook.executions[0]).event).toBe(event);
	});
});

describe('header and basic auth (a PHLO HTTP Request component)', () => {
	it('header auth: the right secret starts the workflow and is not in the output', async () => {
		const hook = await serve({ authentication: 'headerAuth' });
		const answer = await send(hook, {
			form: { ticket: 'INC-1' },
			headers: { 'x-phlo-secret': HEADER_SECRET },
		});
		expect(answer.status).toBe(200);
		expect(JSON.stringify(hook.executions[0].data)).not.toContain(HEADER_SECRET);
		const wrong = await send(hook, { form: {}, headers: { 'x-phlo-secret': `${HEADER_SECRET}x` } });
		expect(wrong.status).toBe(401);
		expect(wrong.json()).toEqual({ message: 'Authorization failed' });
		expect((await send(hook, { form: {} })).status).toBe(401);
		expect(hook.executions).toHaveLength(1);
	});

	it('basic auth: the right user and password start the workflow, nothing else does', async () => {
		const hook = await serve({ authentication: 'basicAuth' });
		const basic = (user: string, password: string) => ({
			authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
		});
		expect((await send(hook, { form: {}, headers: basic('phlo', BASIC_PASSWORD) })).status).toBe(
			200,
		);
		expect(JSON.stringify(hook.executions[0].data)).not.toContain(
			Buffer.from(`phlo:${BASIC_PASSWORD}`).toString('base64'),
		);
		for (const headers of [basic('phlo', 'nope'), basic('other', BASIC_PASSWORD), {}]) {
			const refused = await send(hook, { form: {}, headers });
			expect(refused.status).toBe(401);
			expect(refused.json()).toEqual({ message: 'Authorization failed' });
		}
		expect(hook.executions).toHaveLength(1);
	});

	it('signature mode refuses a PHLO request that carries only the header secret', async () => {
		const hook = await serve({});
		const answer = await send(hook, { form: {}, headers: { 'x-phlo-secret': HEADER_SECRET } });
		expect(answer.status).toBe(401);
	});
});

describe('answering a PHLO', () => {
	it('Immediately: 200 before the workflow ends', async () => {
		const hook = await serve({ authentication: 'none' }, { delayMs: 1000 });
		const started = Date.now();
		const answer = await send(hook, { form: { ticket: 'INC-1' } });
		expect(answer.status).toBe(200);
		expect(answer.answeredAt - started).toBeLessThan(800);
		expect(hook.executions).toHaveLength(1);
	});

	it("When Last Node Finishes: the PHLO gets the last node's JSON", async () => {
		const hook = await serve({ authentication: 'none', responseMode: 'lastNode' });
		const answer = await send(hook, { form: { Digits: '1' } });
		expect(answer.status).toBe(200);
		expect(answer.json()).toEqual({ specialist: '+14155550300', event: 'digitsPressed' });
	});

	it('a late workflow: 504 {"answered":false} at the Answer Timeout, the workflow still ends', async () => {
		const hook = await serve(
			{ authentication: 'none', responseMode: 'lastNode', answerTimeout: 1 },
			{ delayMs: 2500 },
		);
		const started = Date.now();
		const answer = await send(hook, { form: { Digits: '1' } });
		expect(answer.status).toBe(504);
		expect(answer.json()).toEqual({ answered: false });
		expect(hook.executions).toHaveLength(1);
		expect(hook.executions[0].data.resultData.error).toBeUndefined();
		expect(answer.answeredAt - started).toBeGreaterThanOrEqual(900);
		expect(answer.answeredAt - started).toBeLessThan(2000);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
	});

	it('a workflow in time is not cut short by the Answer Timeout', async () => {
		const hook = await serve(
			{ authentication: 'none', responseMode: 'lastNode', answerTimeout: 2 },
			{ delayMs: 200 },
		);
		const answer = await send(hook, { form: { Digits: '1' } });
		expect(answer.status).toBe(200);
	});
});
