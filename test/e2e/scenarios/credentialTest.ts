/**
 * The credential's Test button keeps the node's rules in real n8n, through the REST endpoint the
 * editor calls (`POST /rest/credentials/test`, the credential saved first as 1.x asks): a 307 to another host (127.0.0.2) or to
 * `[::ffff:127.0.0.1]` is not followed and not "successful", a server that drips its answer is
 * left within the 15 s deadline, and a reason phrase echoing the Authorization header is not shown.
 * test/engine/credentialTest.test.ts proves the same through n8n-core's RoutingNode.
 */
import type { Account } from '../../../tooling/n8n/importing';
import type { N8nRest } from '../../../tooling/n8n/rest';
import { CREDENTIAL } from '../../../tooling/workflows/builders';
import type { Simulator } from '../../../simulator';
import type { Report } from '../lib/report';

type TestResult = { status?: string; message?: string };

export async function checkCredentialTestRules(
	rest: N8nRest,
	simulator: Simulator,
	account: Account,
	report: Report,
): Promise<void> {
	const basic = Buffer.from(`${account.authId}:${account.authToken}`).toString('base64');
	// Saved first and tested by id: n8n 1.x refuses to test an unsaved credential (403).
	const test = () =>
		rest.testCredential<TestResult>({
			name: CREDENTIAL.name,
			type: 'plivoPhloApi',
			data: { ...account, environment: 'custom', baseUrl: simulator.url },
		});
	const port = new URL(simulator.url).port;
	const redirects: Array<[string, string]> = [
		['127.0.0.2 (another host)', 'otherHost'],
		['[::ffff:127.0.0.1]', `http://[::ffff:127.0.0.1]:${port}/v1/Account/${account.authId}/`],
	];
	for (const [where, location] of redirects) {
		simulator.reset();
		simulator.addFault({ kind: 'redirect', status: 307, location });
		const result = await test();
		report.equal(`Test button: a 307 to ${where} is not "successful"`, result.status, 'Error');
		// Our words where n8n applies the credential's test rules (2.x), n8n's own before.
		report.matches(
			`… and says it did not follow it`,
			result.message,
			/does not follow redirects|status code 307/,
		);
		report.equal(
			`… and the Basic header went nowhere else (${where})`,
			simulator.requests.length + simulator.otherHostRequests().length,
			1,
		);
	}

	simulator.reset();
	simulator.addFault({ kind: 'drip', dripMs: 1000 });
	const started = Date.now();
	const dripped = await test();
	const elapsedMs = Date.now() - started;
	report.equal(
		'Test button: a server dripping a byte a second fails the test',
		dripped.status,
		'Error',
	);
	report.check(
		'… within the 15 s deadline',
		elapsedMs >= 14_000 && elapsedMs < 17_000,
		`ended after ${elapsedMs} ms: ${dripped.message}`,
	);

	simulator.reset();
	simulator.addFault({ kind: 'status', status: 401, reason: 'echoAuthorization', times: Infinity });
	const echoed = await test();
	report.equal('Test button: a 401 echoing the Authorization header fails', echoed.status, 'Error');
	report.check(
		'… and does not show the echoed header or the token',
		!String(echoed.message).includes(basic) &&
			!String(echoed.message).includes(account.authToken) &&
			/\(401\)|Authorization failed/.test(String(echoed.message)),
		`message: ${echoed.message}`,
	);
	simulator.reset();
}
