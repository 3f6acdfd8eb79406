/**
 * What a running n8n says about the package through the REST API its editor uses: the node and
 * its AI-tool variant are listed, and the credential's test passes or fails as it should.
 */
import type { Account } from '../../../tooling/n8n/importing';
import type { Report } from '../lib/report';
import type { N8nRest } from '../../../tooling/n8n/rest';
import { CREDENTIAL, NODE_TYPE } from '../../../tooling/workflows/builders';

interface NodeTypeListing {
	name: string;
	displayName: string;
	outputs?: unknown;
	properties?: Array<{ name: string; description?: string }>;
}

type TestResult = { status?: string; message?: string };

/** Checks the listings; returns the node's field descriptions by name, as n8n serves them. */
export async function checkNodeList(
	rest: N8nRest,
	report: Report,
): Promise<Record<string, string>> {
	const nodes = await rest.request<NodeTypeListing[]>('GET', '/types/nodes.json');
	const byName = new Map(nodes.map((node) => [node.name, node]));
	const node = byName.get(NODE_TYPE);
	const tool = byName.get(`${NODE_TYPE}Tool`);
	report.equal(`n8n lists ${NODE_TYPE}`, node?.displayName, 'Plivo PHLO');
	report.equal(`n8n lists the AI tool ${NODE_TYPE}Tool`, tool?.displayName, 'Plivo PHLO Tool');
	report.check(
		'the tool variant connects to an AI agent (ai_tool output)',
		JSON.stringify(tool?.outputs ?? '').includes('ai_tool'),
		`outputs: ${JSON.stringify(tool?.outputs)}`,
	);
	const credentials = await rest.request<Array<{ name: string }>>('GET', '/types/credentials.json');
	report.check(
		'n8n lists the credential type plivoPhloApi',
		credentials.some((credential) => credential.name === 'plivoPhloApi'),
		'plivoPhloApi missing from /types/credentials.json',
	);
	const descriptions: Record<string, string> = {};
	for (const property of node?.properties ?? []) {
		descriptions[property.name] ??= property.description ?? '';
	}
	return descriptions;
}

/** n8n's own credential-test path, as the editor's Test button calls it. */
export async function checkCredentialTest(
	rest: N8nRest,
	simulator: { url: string; reset(): void; requests: ReadonlyArray<unknown> },
	account: Account,
	report: Report,
) {
	const simulatorUrl = simulator.url;
	const test = (data: Record<string, unknown>, id?: string) =>
		rest.testCredential<TestResult>({ name: CREDENTIAL.name, type: 'plivoPhloApi', data }, id);
	const custom = { environment: 'custom', baseUrl: simulatorUrl };

	const good = await test({ ...account, ...custom });
	report.equal('credential test with the right Auth Token succeeds', good.status, 'OK');

	// Spellings a URL parser reads as http://host: the node refuses them, so must the Test button,
	// without sending anything (the simulator sits at that host and would record a request).
	for (const spelling of [simulatorUrl.replace('http://', 'http:/'), ` \x01${simulatorUrl}`]) {
		simulator.reset();
		const refused = await test({ ...account, environment: 'custom', baseUrl: spelling });
		report.equal(
			`credential test refuses the Base URL ${JSON.stringify(spelling)}`,
			refused.status,
			'Error',
		);
		report.equal(
			`… and sends nothing for ${JSON.stringify(spelling)}`,
			simulator.requests.length,
			0,
		);
		report.check(
			`… and its message does not repeat the token (${JSON.stringify(spelling)})`,
			!String(refused.message).includes(account.authToken),
			`message: ${refused.message}`,
		);
	}

	const badToken = 'wrong-token-0000';
	const bad = await test({ ...account, authToken: badToken, ...custom });
	report.equal('credential test with a wrong Auth Token fails', bad.status, 'Error');
	report.matches(
		'the failure says the credentials were refused',
		bad.message,
		/401|unauthori[sz]ed|authori[sz]ation failed|credentials/i,
	);
	report.check(
		'the failure message does not repeat the token',
		!String(bad.message).includes(badToken),
		`message: ${bad.message}`,
	);

	const unknownId = await test({ ...account, authId: 'MA99999999999999999X', ...custom });
	report.equal('credential test with an unknown Auth ID fails', unknownId.status, 'Error');

	// The imported credential, as the editor tests a saved one: the secret stays on the server.
	const saved = await rest.request<{ data: Record<string, unknown> }>(
		'GET',
		`/rest/credentials/${CREDENTIAL.id}?includeData=true`,
	);
	report.check(
		'n8n does not hand the saved Auth Token to the editor',
		saved.data.authToken !== account.authToken,
		'the saved credential came back with the token in clear',
	);
	const savedResult = await test(saved.data, CREDENTIAL.id);
	report.equal('credential test of the imported credential succeeds', savedResult.status, 'OK');
}
