/**
 * The storm's counting, against the real simulator and a stand-in for n8n's webhook that sends
 * each POST's transfer a chosen number of times: a number sent twice must count as a duplicate,
 * a number never sent as lost, and a refused one as a 429.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEFAULT_ACCOUNT, DEMO, startSimulator, type Simulator } from '../../simulator';
import { runStorm } from '../../tooling/n8n/storm';
import { destination } from '../../tooling/workflows/senders';
import type { StormBody } from '../../tooling/workflows/storm';

const auth = `Basic ${Buffer.from(`${DEFAULT_ACCOUNT.authId}:${DEFAULT_ACCOUNT.authToken}`).toString('base64')}`;

/** Answers like a live POST webhook, then sends the transfer `timesFor(to)` times, one after another. */
function standInWebhook(simulatorUrl: string, timesFor: (to: string) => number): Promise<Server> {
	const server = createServer((request, response) => {
		if (request.method === 'GET') {
			response.writeHead(404).end('This webhook is not registered for GET requests.');
			return;
		}
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', async () => {
			response.writeHead(200).end('{"message":"Workflow was started"}');
			const body = JSON.parse(Buffer.concat(chunks).toString()) as StormBody;
			for (let i = 0; i < timesFor(body.to); i++)
				await fetch(`${simulatorUrl}/v1/phlo/${DEMO.phloId}/multi_party_call/${body.nodeId}`, {
					method: 'POST',
					headers: { authorization: auth, 'content-type': 'application/json' },
					body: JSON.stringify({
						action: 'warm_transfer',
						to: body.to,
						role: 'agent',
						trigger_source: body.agent,
					}),
				});
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('runStorm counts at the simulator', () => {
	let simulator: Simulator;
	let webhook: Server | undefined;
	beforeAll(async () => {
		simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
	});
	afterEach(() => webhook?.close());
	afterAll(() => simulator.close());

	const storm = async (timesFor: (to: string) => number, perSecond = 1000) => {
		webhook = await standInWebhook(simulator.url, timesFor);
		const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
		return runStorm(simulator, url, 'node', { count: 20, perSecond, quietMs: 400 });
	};

	it('every number once: nothing lost, no duplicates', async () => {
		const result = await storm(() => 1);
		expect(result).toMatchObject({
			accepted: 20,
			lost: 0,
			duplicates: 0,
			received: 20,
			refused: 0,
		});
		expect(result.perTenSeconds.reduce((sum, n) => sum + n, 0)).toBe(20);
	});

	it('a number sent twice is a duplicate, a number never sent is lost', async () => {
		const result = await storm((to) => (to === destination(3) ? 2 : to === destination(7) ? 0 : 1));
		expect(result).toMatchObject({ accepted: 20, lost: 1, duplicates: 1, received: 20 });
	});

	it('429s beyond the limit are counted as refused, and their numbers as lost', async () => {
		const result = await storm(() => 1, 5);
		expect(result.refused).toBeGreaterThan(0);
		expect(result.lost).toBe(result.refused);
		expect(result.duplicates).toBe(0);
		// Where the time went: every answer and every 429 in its 10 s, the first request after the first POST.
		const sum = (counts: number[]) => counts.reduce((total, n) => total + n, 0);
		expect(sum(result.answeredPerTenSeconds)).toBe(20);
		expect(sum(result.refusedPerTenSeconds)).toBe(result.refused);
		expect(result.firstRequestSeconds).toBeGreaterThanOrEqual(0);
		expect(result.firstRequestSeconds).toBeLessThanOrEqual(result.seconds);
	});
});
