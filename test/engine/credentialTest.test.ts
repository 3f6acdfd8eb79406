/**
 * The credential's Test button keeps the node's rules (through n8n-core's RoutingNode, as n8n's
 * credential test runs it): no redirect followed, so the Basic header goes to no other host and
 * nothing is "successful"; the whole test ends by its 15 s deadline; no server text is shown.
 * test/e2e/scenarios/credentialTest.ts proves the same through real n8n's REST endpoint.
 */
import { testCredential } from '../../tooling/engine/credentialTest';
import { BASIC, DEFAULT_ACCOUNT, TOKEN, useSimulator } from './setup';

const simulator = useSimulator();
const custom = () => ({ ...DEFAULT_ACCOUNT, environment: 'custom', baseUrl: simulator().url });
const test = (data = custom()) => testCredential('plivoPhloApi', data);

describe("the credential's Test button", () => {
	it('succeeds for the right Auth Token, fails for a wrong one', async () => {
		expect(await test()).toEqual({ status: 'OK', message: 'Connection successful!' });
		const wrong = await test({ ...custom(), authToken: 'wrong-token-0000' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/refused the Auth ID and Auth Token \(401\)/);
	});

	it('does not follow a 307 to another host (127.0.0.2): nothing reaches it', async () => {
		simulator().addFault({ kind: 'redirect', status: 307, location: 'otherHost' });
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/307, a redirect.*does not follow redirects/);
		expect(simulator().otherHostRequests()).toHaveLength(0);
	});

	it('does not follow a 307 to [::ffff:127.0.0.1], a host the node refuses for http', async () => {
		const port = new URL(simulator().url).port;
		const location = `http://[::ffff:127.0.0.1]:${port}/v1/Account/${DEFAULT_ACCOUNT.authId}/`;
		simulator().addFault({ kind: 'redirect', status: 307, location });
		const result = await test();
		expect(result.status).toBe('Error');
		// Only the first request arrived: the redirect, with the Basic header, was not followed.
		expect(simulator().requests).toHaveLength(1);
	});

	it('ends by its 15 s deadline when the server drips its answer a byte a second', async () => {
		simulator().addFault({ kind: 'drip', dripMs: 1000 });
		const started = Date.now();
		const result = await test();
		const elapsed = Date.now() - started;
		expect(result.status).toBe('Error');
		expect(elapsed).toBeGreaterThanOrEqual(14_000);
		expect(elapsed).toBeLessThan(17_000);
	}, 30_000);

	it('shows its own words, not a reason phrase that echoes the Authorization header', async () => {
		// Every time: n8n sends a request that met a 401 once more (its pre-authentication retry).
		simulator().addFault({
			kind: 'status',
			status: 401,
			reason: 'echoAuthorization',
			times: Infinity,
		});
		const result = await test();
		expect(result.status).toBe('Error');
		expect(result.message).not.toContain(BASIC);
		expect(result.message).not.toContain(TOKEN);
		expect(result.message).toMatch(/\(401\)/);
		// The simulator did echo it: the reason phrase is what n8n would have shown.
		expect(simulator().requests[0].authorization).toBe(`Basic ${BASIC}`);
	});

	it('shows its own words for a status no rule of Plivo names (a 599 echoing the header)', async () => {
		simulator().addFault({ kind: 'status', status: 599, reason: 'echoAuthorization' });
		const result = await test();
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/HTTP 599/),
		});
		expect(result.message).not.toContain(BASIC);
	});
});
