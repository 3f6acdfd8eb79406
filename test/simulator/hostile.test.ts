/**
 * The faults a hostile or broken server plays (issue 12): redirects to another host or in a loop,
 * a dripping body, headers then silence, an oversized body, a gzip bomb, and echoed tokens.
 */
import { gunzipSync } from 'node:zlib';

import { DEFAULT_ACCOUNT, DEMO, OTHER_HOST, SimulatorAdmin } from '../../simulator';
import { useSimulator } from '../simulatorLifecycle';
import { CALL, open, RUN, send } from './client';

const simulator = useSimulator();

const TOKEN = DEFAULT_ACCOUNT.authToken;
const PHLO = `/v1/phlo/${DEMO.phloId}`;
const MB = 1024 * 1024;
const url = (path: string) => `${simulator().url}${path}`;
const transfer = () =>
	send(url(CALL), 'POST', {
		action: 'warm_transfer',
		to: DEMO.specialist,
		role: 'agent',
		trigger_source: DEMO.agent,
	});
const customerStatus = () =>
	simulator()
		.getCall(DEMO.phloId, DEMO.nodeId)
		.members.find((m) => m.address === DEMO.customer)?.status;

/** Reads a response to its end as bytes, counting the chunks it came in. */
function readAll(response: import('node:http').IncomingMessage) {
	return new Promise<{ bytes: Buffer; chunks: number }>((resolve, reject) => {
		const parts: Buffer[] = [];
		response.on('data', (chunk: Buffer) => parts.push(chunk));
		response.on('error', reject);
		response.on('end', () => resolve({ bytes: Buffer.concat(parts), chunks: parts.length }));
	});
}

describe('redirect', () => {
	it.each([301, 302, 307, 308])(
		'%s to the same path on the other host (127.0.0.2), without acting; that host records what reaches it',
		async (status) => {
			simulator().addFault({ kind: 'redirect', status });
			const reply = await transfer();
			expect(simulator().otherHost?.url).toMatch(new RegExp(`^http://${OTHER_HOST}:\\d+$`));
			expect([reply.status, reply.headers.location]).toEqual([
				status,
				`${simulator().otherHost!.url}${CALL}`,
			]);
			expect(simulator().requests[0]).toMatchObject({ fault: 'redirect', processed: false });
			expect(customerStatus()).toBe('connected');
			expect(simulator().otherHostRequests()).toEqual([]);

			// A client that follows it, re-sending its credential, shows up on the other host.
			const followed = await send(String(reply.headers.location), 'POST', { action: 'x' });
			expect(followed.status).toBe(201);
			expect(simulator().otherHostRequests()).toEqual([
				expect.objectContaining({ method: 'POST', url: CALL, authorized: true }),
			]);
			await send(String(reply.headers.location), 'GET', undefined, null);
			expect(simulator().otherHostRequests()[1]).toMatchObject({ authorized: false });
		},
	);

	it('loops to itself for as long as the fault lasts; or points where it is told', async () => {
		simulator().addFault({ kind: 'redirect', location: 'self', times: Infinity });
		let location = url(`${PHLO}?hop=0`);
		for (let hop = 0; hop < 5; hop++) {
			const reply = await send(location, 'GET');
			expect([reply.status, reply.headers.location]).toEqual([307, location]);
			location = String(reply.headers.location);
		}
		expect(simulator().requests.map((r) => r.fault)).toEqual(Array(5).fill('redirect'));
		simulator().clearFaults();
		simulator().addFault({ kind: 'redirect', status: 302, location: 'https://phlo.example.com/x' });
		expect((await send(url(PHLO), 'GET')).headers.location).toBe('https://phlo.example.com/x');
	});

	it('is scripted and read over the admin API; reset empties the other host’s record', async () => {
		const admin = new SimulatorAdmin(simulator().url);
		await admin.addFault({ kind: 'redirect', status: 308, match: { method: 'POST' } });
		const reply = await transfer();
		expect(reply.status).toBe(308);
		await send(String(reply.headers.location), 'POST', {});
		expect(await admin.otherHostRequests()).toEqual([
			expect.objectContaining({
				authorized: true,
				authorization: expect.stringMatching(/^Basic /),
			}),
		]);
		await admin.reset();
		expect(await admin.otherHostRequests()).toEqual([]);
	});
});

describe('slow and endless bodies', () => {
	it('drip: headers at once, then the body a byte at a time; Plivo acted on it', async () => {
		simulator().addFault({ kind: 'drip', dripMs: 15 });
		const { response } = await open(url(CALL), 'POST', {
			action: 'warm_transfer',
			to: DEMO.specialist,
			trigger_source: DEMO.agent,
		});
		expect(response.statusCode).toBe(201);
		const announced = Number(response.headers['content-length']);
		const { bytes, chunks } = await readAll(response);
		expect(bytes.length).toBe(announced);
		expect(JSON.parse(bytes.toString())).toEqual({ api_id: expect.any(String), error: '' });
		expect(chunks).toBeGreaterThan(announced / 2);
		expect(customerStatus()).toBe('on_hold');
	});

	it('stall: headers announcing a body, then nothing until the client gives up', async () => {
		simulator().addFault({ kind: 'stall' });
		const { request, response } = await open(url(PHLO), 'GET');
		expect(response.statusCode).toBe(200);
		expect(Number(response.headers['content-length'])).toBeGreaterThan(0);
		let received = 0;
		let ended = false;
		response.on('data', (chunk: Buffer) => (received += chunk.length));
		response.on('end', () => (ended = true));
		response.on('error', () => undefined);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect([received, ended]).toEqual([0, false]);
		request.destroy();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(simulator().requests[0]).toMatchObject({ fault: 'stall', endedAt: expect.any(Number) });
	});
});

describe('huge bodies', () => {
	it('oversized: 50 MB of JSON-looking text by default', async () => {
		simulator().addFault({ kind: 'oversized' });
		const { response } = await open(url(PHLO), 'GET');
		expect(Number(response.headers['content-length'])).toBe(50 * MB);
		const { bytes } = await readAll(response);
		expect(bytes.length).toBe(50 * MB);
		expect(bytes.subarray(0, 11).toString()).toBe('{"api_id":"');
		expect(bytes.subarray(-2).toString()).toBe('"}');
	});

	it('gzip bomb: about 100 kB on the wire, Content-Encoding gzip, 100 MB inflated', async () => {
		simulator().addFault({ kind: 'gzipBomb' });
		const { response } = await open(url(PHLO), 'GET');
		expect(response.headers['content-encoding']).toBe('gzip');
		const { bytes } = await readAll(response);
		expect(bytes.length).toBeLessThan(150_000);
		const inflated = gunzipSync(bytes);
		expect(inflated.length).toBe(100 * MB);
		expect(inflated.subarray(0, 11).toString()).toBe('{"api_id":"');
	});
});

describe('echoed token', () => {
	const escaped = [...TOKEN]
		.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
		.join('');

	it('in a field of a Get answer, which is otherwise Plivo’s', async () => {
		simulator().addFault({ kind: 'echoToken' });
		const reply = await send(url(PHLO), 'GET');
		expect(reply.status).toBe(200);
		expect(reply.json).toMatchObject({
			phlo_id: DEMO.phloId,
			note: expect.stringContaining(TOKEN),
		});
	});

	it('in a Run’s message, after Plivo acted', async () => {
		simulator().addFault({ kind: 'echoToken', echoIn: 'message' });
		const reply = await send(url(RUN), 'POST', {});
		expect(reply.status).toBe(201);
		expect(reply.json?.message).toMatch(
			new RegExp(`^Phlo run triggered successfully\\. .*${TOKEN}`),
		);
		expect(simulator().requests[0].processed).toBe(true);
	});

	it('in an error text, raw or as JSON escapes a text search misses', async () => {
		simulator().addFault({ kind: 'echoToken', echoIn: 'error' });
		simulator().addFault({ kind: 'echoToken', echoIn: 'error', escaped: true });
		const raw = await transfer();
		const hidden = await transfer();
		expect([raw.status, raw.text.includes(TOKEN)]).toEqual([400, true]);
		expect([hidden.status, hidden.text.includes(TOKEN), hidden.text.includes(escaped)]).toEqual([
			400,
			false,
			true,
		]);
		expect(hidden.json?.error).toContain(TOKEN);
		expect(customerStatus()).toBe('connected');
	});

	it.each([
		['raw', false, TOKEN],
		['escaped', true, escaped],
	])('%s, straddling character 500 of the body', async (_name, isEscaped, written) => {
		await new SimulatorAdmin(simulator().url).addFault({
			kind: 'echoToken',
			echoIn: 'straddle',
			escaped: isEscaped,
		});
		const reply = await transfer();
		const at = reply.text.indexOf(written);
		expect(at).toBeGreaterThan(500 - written.length);
		expect(at).toBeLessThan(500);
		expect(reply.text.length).toBeGreaterThan(600);
		expect(String(reply.json?.error)).toContain(TOKEN);
	});
});
