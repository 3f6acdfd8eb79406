/** The simulator over real HTTP: Plivo's answers, auth, the request record, faults, the rate limiter and the admin API. */
import { DEFAULT_ACCOUNT, DEMO, FAILING_PHLO, SimulatorAdmin } from '../../simulator';
import { useSimulator } from '../simulatorLifecycle';
import { AUTH, CALL, RUN, send as sendTo } from './client';

const simulator = useSimulator();

const send = (method: string, path: string, body?: unknown, authorization?: string | null) =>
	sendTo(`${simulator().url}${path}`, method, body, authorization);
const dial = (action: string, to: string = DEMO.specialist, extra: Record<string, unknown> = {}) =>
	send('POST', CALL, { action, to, role: 'agent', trigger_source: DEMO.agent, ...extra });
const hold = () => send('POST', `${CALL}/members/${DEMO.customer}`, { action: 'hold' });
const statuses = () =>
	Object.fromEntries(
		simulator()
			.getCall(DEMO.phloId, DEMO.nodeId)
			.members.map((m) => [m.address, m.status]),
	);

describe('Plivo’s API', () => {
	it('checks Basic auth on every request: no header, wrong token', async () => {
		const none = await send('GET', `/v1/phlo/${DEMO.phloId}`, undefined, null);
		expect([none.status, none.json]).toEqual([
			401,
			{ error: 'authentication credentials were not provided' },
		]);
		const wrong = await send(
			'GET',
			`/v1/phlo/${DEMO.phloId}`,
			undefined,
			`Basic ${Buffer.from(`${DEFAULT_ACCOUNT.authId}:nope`).toString('base64')}`,
		);
		expect(wrong.status).toBe(401);
		expect(wrong.json).toMatchObject({
			api_id: expect.any(String),
			error: expect.stringMatching(/invalid/),
		});
		expect(simulator().requests.map((r) => r.processed)).toEqual([false, false]);
	});

	it('answers the account request the credential test sends', async () => {
		const reply = await send('GET', `/v1/Account/${DEFAULT_ACCOUNT.authId}/`);
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({
			auth_id: DEFAULT_ACCOUNT.authId,
			name: DEFAULT_ACCOUNT.name,
			account_type: expect.any(String),
		});
	});

	it('gets a PHLO and its Multi-Party Call node in Plivo’s shapes', async () => {
		const phlo = await send('GET', `/v1/phlo/${DEMO.phloId}`);
		expect(phlo.json).toEqual({
			api_id: expect.any(String),
			phlo_id: DEMO.phloId,
			name: DEMO.phloName,
			created_on: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$/),
		});
		const node = await send('GET', CALL);
		expect(node.json).toMatchObject({
			node_id: DEMO.nodeId,
			phlo_id: DEMO.phloId,
			name: DEMO.nodeName,
			node_type: 'multi_party_call',
		});
	});

	it.each([
		[
			'an unknown PHLO',
			'GET',
			'/v1/phlo/0f0e0d0c-0b0a-4908-8706-050403020100',
			404,
			'PHLO not found',
		],
		[
			'an unknown node',
			'GET',
			`/v1/phlo/${DEMO.phloId}/multi_party_call/0f0e0d0c-0b0a-4908-8706-050403020100`,
			404,
			'Multi-Party Call node not found in this PHLO',
		],
		['an unknown path', 'GET', '/v1/nothing', 404, 'not found'],
		['a wrong method', 'GET', RUN, 405, 'method not allowed'],
	])('answers %s with %s and an error text', async (_name, method, path, status, error) => {
		const reply = await send(method, path);
		expect([reply.status, reply.json?.error]).toEqual([status, error]);
	});

	it.each([
		[{ to: DEMO.specialist, trigger_source: DEMO.agent }, 'action is a mandatory param.'],
		[
			{ action: 'transfer', to: DEMO.specialist, trigger_source: DEMO.agent },
			'Invalid value provided for action.',
		],
		[{ action: 'call', trigger_source: DEMO.agent }, 'to is a mandatory param.'],
		[{ action: 'call', to: DEMO.specialist }, 'trigger_source is a mandatory param.'],
		[
			{ action: 'call', to: DEMO.specialist, trigger_source: DEMO.agent, role: 'supervisor' },
			'Invalid value provided for role.',
		],
		['not json', 'Invalid payload: expected a JSON object.'],
	])('refuses a bad dial body %j with Plivo’s 400 text', async (body, error) => {
		const reply = await send('POST', CALL, body);
		expect([reply.status, reply.json?.error]).toEqual([400, error]);
		expect(simulator().requests[0].processed).toBe(false);
	});

	it('warm transfer answers 201 with an api_id and an empty error, and changes the call', async () => {
		const reply = await dial('warm_transfer');
		expect([reply.status, reply.json]).toEqual([201, { api_id: expect.any(String), error: '' }]);
		expect(statuses()).toEqual({
			[DEMO.customer]: 'on_hold',
			[DEMO.agent]: 'private',
			[DEMO.specialist]: 'private',
		});
		const again = await dial('warm_transfer', '+14155550133');
		expect([again.status, again.json?.error]).toEqual([
			400,
			'A transfer is already in progress on this call.',
		]);
	});

	it('member actions go to the member path, with + : @ literal and other characters decoded', async () => {
		const sip = 'sip:ada@phone.plivo.com';
		simulator().seedCall({
			phloId: DEMO.phloId,
			nodeId: DEMO.nodeId,
			members: [
				{ address: sip, role: 'agent' },
				{ address: 'sip:a b@x.plivo.com', role: 'customer' },
			],
		});
		expect((await send('POST', `${CALL}/members/${sip}`, { action: 'hold' })).status).toBe(201);
		expect(
			(await send('POST', `${CALL}/members/sip:a%20b@x.plivo.com`, { action: 'hangup' })).status,
		).toBe(201);
		expect(
			simulator()
				.getCall(DEMO.phloId, DEMO.nodeId)
				.members.map((m) => m.status),
		).toEqual(['on_hold', 'left']);
		const unknown = await send('POST', `${CALL}/members/+19990000000`, { action: 'hold' });
		expect([unknown.status, unknown.json?.error]).toEqual([
			400,
			'Member +19990000000 is not a member of this call.',
		]);
		const bad = await send('POST', `${CALL}/members/${sip}`, { action: 'mute' });
		expect([bad.status, bad.json?.error]).toEqual([400, 'Invalid value provided for action.']);
	});

	it('runs a PHLO: 201 with run id and message; a payload with customer and agent starts their call', async () => {
		const reply = await send('POST', RUN, { customer: '+14155550177', agent: '+14155550188' });
		expect(reply.status).toBe(201);
		expect(reply.json).toEqual({
			phlo_id: DEMO.phloId,
			api_id: expect.any(String),
			message: 'Phlo run triggered successfully.',
		});
		expect(statuses()).toEqual({ '+14155550177': 'connected', '+14155550188': 'connected' });
		expect((await send('POST', RUN)).status).toBe(201);
		expect((await send('POST', RUN, [1, 2])).json?.error).toBe(
			'Invalid payload: expected a JSON object.',
		);
	});

	it('a failing PHLO’s run answers 2xx with Plivo’s "stopped … output state: failed" message', async () => {
		const reply = await send(
			'POST',
			`/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${FAILING_PHLO.phloId}`,
			{},
		);
		expect(reply.status).toBe(201);
		expect(reply.json?.message).toMatch(
			/^Phlo run .* stopped\. next node uuid not found .* output state: failed$/,
		);
	});

	it('records every request with what it carried and whether Plivo acted on it', async () => {
		await send('POST', CALL, {
			action: 'call',
			to: DEMO.specialist,
			role: 'agent',
			trigger_source: DEMO.agent,
		});
		const [record] = simulator().requests;
		expect(record).toMatchObject({
			seq: 1,
			method: 'POST',
			path: CALL,
			authorization: AUTH,
			status: 201,
			processed: true,
		});
		expect(JSON.parse(record.rawBody)).toEqual({
			action: 'call',
			to: DEMO.specialist,
			role: 'agent',
			trigger_source: DEMO.agent,
		});
		expect(simulator().counts()).toMatchObject({ received: 1, processed: 1 });
	});
});

describe('faults', () => {
	it('hits only the n-th matching request, once by default', async () => {
		simulator().addFault({ kind: 'status', status: 503, match: { method: 'POST', nth: 2 } });
		await send('GET', CALL);
		const replies = [
			await dial('call'),
			await dial('call', '+14155550133'),
			await dial('call', '+14155550144'),
		];
		expect(replies.map((r) => r.status)).toEqual([201, 503, 201]);
		// a 5xx acts by default (the hard case for idempotency)
		expect(simulator().requests.map((r) => r.processed)).toEqual([true, true, true, true]);
	});

	it('every k-th, by path RegExp, with `times`', async () => {
		simulator().addFault({
			kind: 'status',
			status: 500,
			process: false,
			match: { path: /\/members\//, every: 2 },
			times: 2,
		});
		const results: number[] = [];
		for (let n = 0; n < 6; n++)
			results.push(
				(
					await send('POST', `${CALL}/members/${DEMO.customer}`, {
						action: n % 2 ? 'unhold' : 'hold',
					})
				).status,
			);
		// hold ✓, unhold ✗ (not acted on), hold refused (still on hold), unhold ✗, hold refused, unhold ✓
		expect(results).toEqual([201, 500, 400, 500, 400, 201]);
	});

	it('is repeatable with a seeded probability', async () => {
		const pattern = async () => {
			simulator().reset();
			simulator().addFault({
				kind: 'status',
				status: 429,
				probability: 0.5,
				seed: 7,
				times: Infinity,
			});
			const statuses: number[] = [];
			for (let n = 0; n < 12; n++) statuses.push((await send('GET', CALL)).status);
			return statuses;
		};
		const first = await pattern();
		expect(first).toContain(429);
		expect(first).toContain(200);
		expect(await pattern()).toEqual(first);
	});

	it('sends Retry-After in seconds or as an HTTP date; 429 does not act', async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 3 });
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 'date', retryAfterSeconds: 5 });
		const seconds = await hold();
		const date = await hold();
		expect([seconds.status, seconds.headers['retry-after']]).toEqual([429, '3']);
		const at = Date.parse(String(date.headers['retry-after']));
		expect(at - Date.now()).toBeGreaterThan(2_000);
		expect(at - Date.now()).toBeLessThan(7_000);
		expect(statuses()[DEMO.customer]).toBe('connected');
	});

	it('drops the connection before answering, or mid-body after acting', async () => {
		simulator().addFault({ kind: 'reset' });
		await expect(hold()).rejects.toThrow();
		expect(statuses()[DEMO.customer]).toBe('connected');
		simulator().addFault({ kind: 'reset', process: true });
		await expect(hold()).rejects.toThrow();
		expect(statuses()[DEMO.customer]).toBe('on_hold');
		simulator().addFault({ kind: 'truncated' });
		await expect(
			send('POST', `${CALL}/members/${DEMO.customer}`, { action: 'unhold' }),
		).rejects.toThrow();
		expect(statuses()[DEMO.customer]).toBe('connected');
	});

	it.each([
		['html', { kind: 'html' as const }, 502, /^<html>.*502 Bad Gateway/, 'text/html'],
		['empty', { kind: 'empty' as const }, 200, /^$/, 'application/json'],
		['malformed', { kind: 'malformed' as const }, 200, /^\{'api_id': '/, 'application/json'],
		['noApiId', { kind: 'noApiId' as const }, 201, /^\{"error":""\}$/, 'application/json'],
	])('%s body', async (_name, fault, status, body, type) => {
		simulator().addFault(fault);
		const reply = await hold();
		expect([reply.status, reply.headers['content-type']]).toEqual([status, type]);
		expect(reply.text).toMatch(body);
		expect(simulator().requests[0]).toMatchObject({ fault: fault.kind, processed: false });
	});

	it('delays the answer; without acting it answers 504 after the delay', async () => {
		simulator().addFault({ kind: 'delay', delayMs: 150, process: false });
		const started = Date.now();
		const reply = await hold();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(reply.status).toBe(504);
		expect(statuses()[DEMO.customer]).toBe('connected');
	});
});

describe('rate limiter', () => {
	it('answers 429 with Retry-After beyond N per second, without acting', async () => {
		simulator().setRateLimit({ perSecond: 3 });
		const replies = await Promise.all([0, 1, 2, 3, 4].map(() => send('GET', CALL)));
		const codes = replies.map((r) => r.status).sort();
		expect(codes).toEqual([200, 200, 200, 429, 429]);
		const limited = replies.find((r) => r.status === 429)!;
		expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
		expect(
			simulator().requests.filter((r) => r.fault === 'rateLimit' && !r.processed),
		).toHaveLength(2);
		simulator().setRateLimit(null);
		expect((await send('GET', CALL)).status).toBe(200);
	});
});

describe('duplicates and the admin API', () => {
	it('counts a request acted on twice as a duplicate', async () => {
		await dial('call');
		await send('POST', `${CALL}/members/${DEMO.specialist}`, { action: 'hangup' });
		await dial('call');
		const key = `POST ${CALL} ${JSON.stringify({ action: 'call', to: DEMO.specialist, role: 'agent', trigger_source: DEMO.agent })}`;
		expect(simulator().duplicates()).toEqual({ [key]: 2 });
	});

	it('scripts faults, limits and calls and reads the record from another process’s view', async () => {
		const admin = new SimulatorAdmin(simulator().url);
		await admin.addFault({
			kind: 'status',
			status: 500,
			process: false,
			match: { pathRegex: '/members/' },
			times: Infinity,
		});
		expect((await hold()).status).toBe(500);
		expect((await hold()).status).toBe(500);
		await admin.seedCall({
			phloId: DEMO.phloId,
			nodeId: DEMO.nodeId,
			members: [{ address: '+14155550199', role: 'customer' }],
		});
		expect((await admin.getCall(DEMO.phloId, DEMO.nodeId)).members).toEqual([
			{ address: '+14155550199', role: 'customer', status: 'connected' },
		]);
		const counts = await admin.counts();
		expect(counts).toMatchObject({ received: 2, processed: 0 });
		expect(await admin.requests()).toHaveLength(2);
		await admin.reset();
		expect(simulator().requests).toHaveLength(0);
		expect((await hold()).status).toBe(201);
	});
});
