/**
 * Plivo's side of the trigger over real HTTP: status callbacks when a watched call changes, fired
 * events, PHLO HTTP Request steps with the author's auth, and the faults (wrong signature, replayed
 * nonce, a late body), all received by a local HTTP server and checked with the plivo SDK.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { validateV3Signature } from 'plivo/dist/utils/v3Security';

import {
	DEFAULT_ACCOUNT,
	DEMO,
	SimulatorAdmin,
	startSimulator,
	type Simulator,
} from '../../simulator';
import { CALL, send } from './client';

interface Received {
	method: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** When the headers arrived, and when the body was complete. */
	at: number;
	bodyAt: number;
}

let simulator: Simulator;
let receiver: Server;
let received: Received[] = [];
let answer: { status: number; json: unknown; delayMs?: number } = {
	status: 200,
	json: { ok: true },
};
let receiverUrl: string;

beforeAll(async () => {
	simulator = await startSimulator();
	receiver = createServer((request, response) => {
		const at = Date.now();
		let body = '';
		request.setEncoding('utf8');
		request.on('data', (chunk: string) => (body += chunk));
		request.on('end', () => {
			const { method = '', url = '', headers } = request;
			received.push({ method, url, headers, body, at, bodyAt: Date.now() });
			const { status, json, delayMs = 0 } = answer;
			setTimeout(() => {
				response.writeHead(status, { 'Content-Type': 'application/json' });
				response.end(JSON.stringify(json));
			}, delayMs);
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/4f1c9e2b/plivo`;
});
afterAll(async () => {
	await simulator.close();
	receiver.closeAllConnections();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	simulator.reset();
	received = [];
	answer = { status: 200, json: { ok: true } };
});

/** What Plivo documents for Multi-Party Call status callbacks, sorted (plivo-events.md). */
const MPC_EVENT_FIELDS = ['EventName', 'EventTimestamp', 'MPCName', 'MPCUUID', 'SequenceNumber'];
const MEMBER_EVENT_FIELDS = [
	...MPC_EVENT_FIELDS,
	'MemberID',
	'ParticipantCallUUID',
	'ParticipantCoachMode',
	'ParticipantRole',
].sort();

const form = (request: Received) => Object.fromEntries(new URLSearchParams(request.body));
/** Whether the plivo SDK accepts the request's signature for the URL Plivo was given. */
const signedFor = (request: Received, url: string, token = DEFAULT_ACCOUNT.authToken) =>
	validateV3Signature(
		request.method,
		url,
		String(request.headers['x-plivo-signature-v3-nonce']),
		token,
		String(request.headers['x-plivo-signature-v3']),
		request.method === 'POST' ? form(request) : {},
	);
const until = async (check: () => boolean) => {
	for (let waited = 0; !check() && waited < 15_000; waited += 10)
		await new Promise((resolve) => setTimeout(resolve, 10));
};
const watchDemoCall = (extra = {}) =>
	simulator.callbacks.setStatusCallback({
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		url: receiverUrl,
		...extra,
	});

describe('status callbacks', () => {
	it('a warm transfer, hold and hangup send signed form callbacks in order', async () => {
		watchDemoCall();
		const transfer = { action: 'warm_transfer', to: DEMO.specialist, trigger_source: DEMO.agent };
		expect((await send(`${simulator.url}${CALL}`, 'POST', transfer)).status).toBe(201);
		await until(() => received.length === 2);
		expect(
			received.map(form).map((f) => [f.EventName, f.ParticipantRole, f.SequenceNumber]),
		).toEqual([
			['ParticipantHold', 'Customer', '1'],
			['ParticipantJoin', 'Agent', '2'],
		]);
		const join = form(received[1]);
		// Plivo's documented Multi-Party Call parameters (plivo-events.md) and no others.
		expect(Object.keys(join).sort()).toEqual(MEMBER_EVENT_FIELDS);
		expect(join).toMatchObject({
			MPCName: DEMO.nodeName,
			ParticipantRole: 'Agent',
			ParticipantCoachMode: 'false',
			EventTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
		});
		expect(join.MPCUUID).toBe(form(received[0]).MPCUUID);
		expect(received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(received.every((request) => signedFor(request, receiverUrl))).toBe(true);

		await send(`${simulator.url}${CALL}/members/${DEMO.specialist}`, 'POST', { action: 'hangup' });
		await until(() => received.length === 4);
		expect(received.slice(2).map((r) => form(r).EventName)).toEqual([
			'ParticipantUnhold',
			'ParticipantExit',
		]);
		expect(form(received[3]).MemberID).toBe(join.MemberID);
		// A refused action changes nothing and sends nothing.
		await send(`${simulator.url}${CALL}/members/${DEMO.specialist}`, 'POST', { action: 'hold' });
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(received).toHaveLength(4);
	});

	it('signs the public URL while connecting to another address, and adds Ma-V3 for a subaccount', async () => {
		const publicUrl = 'https://n8n.example.com/webhook/4f1c9e2b/plivo';
		watchDemoCall({ url: publicUrl, via: receiverUrl, mainAuthToken: 'main-account-token' });
		await send(`${simulator.url}${CALL}/members/${DEMO.customer}`, 'POST', { action: 'hold' });
		await until(() => received.length === 1);
		expect(received[0].headers.host).toBe('n8n.example.com');
		expect(received[0].url).toBe('/webhook/4f1c9e2b/plivo');
		expect(signedFor(received[0], publicUrl)).toBe(true);
		expect(signedFor(received[0], receiverUrl)).toBe(false);
		const main = { ...received[0], headers: { ...received[0].headers } };
		main.headers['x-plivo-signature-v3'] = received[0].headers['x-plivo-signature-ma-v3'];
		expect(signedFor(main, publicUrl, 'main-account-token')).toBe(true);
		// A resend goes where the original went.
		expect((await simulator.callbacks.deliveries.resend(1)).status).toBe(200);
		expect(received[1].headers['x-plivo-signature-v3-nonce']).toBe(
			received[0].headers['x-plivo-signature-v3-nonce'],
		);
	});
});

describe('fired events and faults', () => {
	it('fires an event over the admin route and records the answer', async () => {
		watchDemoCall();
		answer = { status: 200, json: { received: true } };
		const admin = new SimulatorAdmin(simulator.url);
		const [delivery] = await admin.fireEvent({
			event: 'ParticipantDigitInput',
			fields: { Digits: '1' },
		});
		expect(form(received[0])).toMatchObject({ EventName: 'ParticipantDigitInput', Digits: '1' });
		expect(form(received[0]).ParticipantRole).toBe('Customer');
		expect(signedFor(received[0], receiverUrl)).toBe(true);
		expect(delivery).toMatchObject({
			status: 200,
			json: { received: true },
			event: 'ParticipantDigitInput',
		});
		expect(await admin.deliveries()).toHaveLength(1);
	});

	it('an MPC event names the call, not a member; MPCEnd carries the duration and amount', async () => {
		watchDemoCall();
		await simulator.callbacks.fire({ event: 'MPCStart' });
		await simulator.callbacks.fire({ event: 'MPCEnd' });
		const [start, end] = received.map(form);
		expect(Object.keys(start).sort()).toEqual(MPC_EVENT_FIELDS);
		expect(Object.keys(end).sort()).toEqual(
			[...MPC_EVENT_FIELDS, 'MPCBilledAmount', 'MPCBilledDuration', 'MPCDuration'].sort(),
		);
		expect(end.MPCUUID).toBe(start.MPCUUID);
		expect(received.every((request) => signedFor(request, receiverUrl))).toBe(true);
	});

	it('a wrong signature fails, a replayed nonce repeats, a resend is byte for byte', async () => {
		const fire = (fault?: 'wrongSignature' | 'replayNonce' | 'unsigned') =>
			simulator.callbacks.fire({ event: 'ParticipantJoin', to: receiverUrl, fault });
		await fire();
		await fire('wrongSignature');
		await fire('replayNonce');
		await fire('unsigned');
		const [first, wrong, replayed, unsigned] = received;
		expect(signedFor(first, receiverUrl)).toBe(true);
		expect(signedFor(wrong, receiverUrl)).toBe(false);
		expect(replayed.headers['x-plivo-signature-v3-nonce']).toBe(
			wrong.headers['x-plivo-signature-v3-nonce'],
		);
		expect(signedFor(replayed, receiverUrl)).toBe(true);
		expect(unsigned.headers['x-plivo-signature-v3']).toBeUndefined();

		await simulator.callbacks.deliveries.resend(1);
		const again = received[4];
		expect([
			again.body,
			again.headers['x-plivo-signature-v3'],
			again.headers['x-plivo-signature-v3-nonce'],
		]).toEqual([
			first.body,
			first.headers['x-plivo-signature-v3'],
			first.headers['x-plivo-signature-v3-nonce'],
		]);
	});

	it('a slow body arrives late; a storm of 50 carries 50 nonces', async () => {
		await simulator.callbacks.fire({
			event: 'ParticipantJoin',
			to: receiverUrl,
			fault: 'slowBody',
			delayMs: 300,
		});
		expect(received[0].bodyAt - received[0].at).toBeGreaterThanOrEqual(250);
		expect(signedFor(received[0], receiverUrl)).toBe(true);

		received = [];
		const storm = await simulator.callbacks.fire({
			event: 'ParticipantJoin',
			to: receiverUrl,
			count: 50,
		});
		expect(storm.map((delivery) => delivery.status)).toEqual(Array(50).fill(200));
		expect(new Set(received.map((r) => r.headers['x-plivo-signature-v3-nonce'])).size).toBe(50);
		expect(received.every((request) => signedFor(request, receiverUrl))).toBe(true);
	});
});

describe('PHLO HTTP Request step', () => {
	it('sends the call variables with Basic auth and records the JSON answer', async () => {
		simulator.callbacks.setPhloStep({
			phloId: DEMO.phloId,
			url: receiverUrl,
			auth: { basic: { user: 'phlo', password: 's3cret' } },
		});
		answer = { status: 200, json: { specialist: DEMO.specialist } };
		const [delivery] = await simulator.callbacks.fire({
			event: 'phloStep',
			fields: { digits: '1' },
		});
		expect(received[0].headers.authorization).toBe(
			`Basic ${Buffer.from('phlo:s3cret').toString('base64')}`,
		);
		expect(received[0].headers['content-type']).toBe('application/json');
		expect(JSON.parse(received[0].body)).toMatchObject({
			from: DEMO.customer,
			agent: DEMO.agent,
			digits: '1',
		});
		expect(delivery).toMatchObject({ status: 200, json: { specialist: DEMO.specialist } });
	});

	it('sends a header secret as a form, and records a late answer as none', async () => {
		simulator.callbacks.setPhloStep({
			phloId: DEMO.phloId,
			url: receiverUrl,
			contentType: 'form',
			auth: { header: { name: 'X-Phlo-Secret', value: 'h3ader' } },
			timeoutMs: 200,
		});
		answer = { status: 200, json: {}, delayMs: 1000 };
		const [late] = await simulator.callbacks.fire({ event: 'phloStep', fields: { digits: '2' } });
		expect(received[0].headers['x-phlo-secret']).toBe('h3ader');
		expect(form(received[0]).digits).toBe('2');
		expect(late).toMatchObject({ status: 0, error: 'no answer within 200 ms' });
	});
});
