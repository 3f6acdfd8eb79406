import {
	callPath,
	DEMO,
	PLIVO_NODE,
	expectNoSecret,
	runPlivo,
	seedCall,
	useSimulator,
	warmTransfer,
} from './setup';

const simulator = useSimulator();

describe('Multi-Party Call → Warm Transfer through n8n', () => {
	it('sends exactly the documented request and outputs the answer with context', async () => {
		const run = await runPlivo(simulator(), [{ ticket: 'INC-1' }], warmTransfer());
		expect(run.error).toBeUndefined();
		const [request] = simulator().requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(callPath());
		expect(JSON.parse(request.rawBody)).toEqual({
			action: 'warm_transfer',
			to: DEMO.specialist,
			role: 'agent',
			trigger_source: DEMO.agent,
		});
		expect(request.authorization).toMatch(/^Basic /);
		expect(request.userAgent).toMatch(/^n8n-nodes-plivo-phlo\/\d+\.\d+\.\d+/);
		expect(run.items).toHaveLength(1);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(run.items[0].json).toMatchObject({
			success: true,
			operation: 'warmTransfer',
			action: 'warm_transfer',
			phloId: DEMO.phloId,
			nodeId: DEMO.nodeId,
			to: DEMO.specialist,
			role: 'agent',
			triggerSource: DEMO.agent,
		});
		expect(run.items[0].json.apiId).toEqual(expect.any(String));
		expect(run.items[0].json.summary).toContain('Warm transfer');
		const call = simulator().getCall(DEMO.phloId, DEMO.nodeId);
		const status = Object.fromEntries(
			call.members.map((m: { address: string; status: string }) => [m.address, m.status]),
		);
		expect(status).toEqual({
			[DEMO.customer]: 'on_hold',
			[DEMO.agent]: 'private',
			[DEMO.specialist]: 'private',
		});
	});

	it('resolves expressions per item, one request per item, outputs paired in order', async () => {
		const nodes = [
			'5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d60',
			'5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d61',
			'5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d62',
		];
		for (const nodeId of nodes) {
			seedCall(simulator(), nodeId);
		}
		const items = nodes.map((nodeId, n) => ({
			nodeId,
			specialist: `+1415555020${n}`,
			role: n === 1 ? 'customer' : 'agent',
		}));
		const run = await runPlivo(
			simulator(),
			items,
			warmTransfer({
				nodeId: '={{ $json.nodeId }}',
				to: '={{ $json.specialist }}',
				role: '={{ $json.role }}',
			}),
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(run.items.map((item) => [item.json.nodeId, item.json.to, item.json.role])).toEqual(
			items.map((item) => [item.nodeId, item.specialist, item.role]),
		);
		const bodies = simulator().requests.map((r) => [
			r.path.split('/').pop(),
			JSON.parse(r.rawBody).to,
		]);
		expect(bodies.sort()).toEqual(items.map((item) => [item.nodeId, item.specialist]).sort());
	});

	it.each([
		['phloId', 'not-a-phlo', 'PHLO ID'],
		['phloId', '={{ "  " }}', 'PHLO ID'],
		['to', '={{ $json.missing }}', 'To'],
		['nodeId', `${DEMO.nodeId}/../x`, 'Multi-Party Call Node ID'],
		['to', '+1 415 555', 'To'],
		['to', DEMO.agent, 'To'],
		['triggerSource', 'sip:bob', 'Trigger Source'],
		['triggerSource', '={{ 14155550111 }}', 'Trigger Source'],
		['role', '={{ "supervisor" }}', 'Role'],
	])('refuses %s = %j before sending, naming the field and item', async (field, value, label) => {
		const run = await runPlivo(simulator(), [{}], warmTransfer({ [field]: value }));
		const error = run.nodeError(PLIVO_NODE);
		expect(error?.message).toContain(label);
		expect(error?.message).toContain('[item 0]');
		expect((error as { description?: string }).description).toMatch(
			/^Expected .*No request was sent/,
		);
		expect(simulator().requests).toHaveLength(0);
	});

	it.each([
		[400, { error: 'to is a mandatory param.' }, 'Plivo: to is a mandatory param.', /values sent/],
		[
			401,
			{ error: 'authentication credentials were not provided' },
			'authentication credentials',
			/credential/,
		],
		[404, { error: 'PHLO not found' }, 'PHLO not found', /not deployed/],
		[500, { error: 'internal error' }, 'internal error', /Outcome unknown/],
		[
			201,
			{ api_id: 'x', error: 'invalid trigger source' },
			'invalid trigger source',
			/values sent|Plivo answered/,
		],
	])(
		'maps a %i answer to an error with Plivo’s text, the status and a hint',
		async (status, body, text, hint) => {
			simulator().addFault({ kind: 'status', status, body, process: false });
			const run = await runPlivo(simulator(), [{}], warmTransfer());
			const error = run.nodeError(PLIVO_NODE) as {
				message: string;
				description?: string;
				httpCode?: string;
			};
			expect(error.message).toContain(text);
			expect(error.httpCode).toBe(String(status));
			expect(error.description).toMatch(hint);
			expect(error.description).toContain(`HTTP ${status}`);
			expect(simulator().requests).toHaveLength(1);
			expectNoSecret(run);
		},
	);

	it('with continue-on-fail, a bad item in the middle yields a paired error item and the others go on', async () => {
		const otherNode = '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6f';
		seedCall(simulator(), otherNode, DEMO.agent, '+14155550300');
		const run = await runPlivo(
			simulator(),
			[
				{ to: DEMO.specialist, nodeId: DEMO.nodeId },
				{ to: 'nobody', nodeId: DEMO.nodeId },
				{ to: '+14155550199', nodeId: otherNode },
			],
			warmTransfer({ to: '={{ $json.to }}', nodeId: '={{ $json.nodeId }}' }),
			{ continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(3);
		expect(run.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(run.items.map((item) => item.json.success)).toEqual([true, false, true]);
		expect(run.items[1].json.error).toContain('To');
		expect(run.items[1].json.error).toContain('"nobody"');
		expect(run.items[2].json.nodeId).toBe(otherNode);
		expect(simulator().requests).toHaveLength(2);
		expectNoSecret(run);
	});

	it('with continue-on-fail, a refusal from Plivo is an error item carrying what was asked', async () => {
		const run = await runPlivo(
			simulator(),
			[{ to: DEMO.specialist }, { to: '+14155550199' }],
			warmTransfer({ to: '={{ $json.to }}', options: { maxConcurrency: 1 } }),
			{ continueOnFail: true },
		);
		expect(run.items.map((item) => item.json.success)).toEqual([true, false]);
		expect(run.items[1].json).toMatchObject({
			httpCode: '400',
			to: '+14155550199',
			action: 'warm_transfer',
		});
		expect(String(run.items[1].json.error)).toMatch(/^Plivo: .*transfer/i);
	});

	it('with "continue (using error output)", failed items leave on the error output, paired, with their input', async () => {
		simulator().addFault({ kind: 'status', status: 503, match: { nth: 2 } });
		const run = await runPlivo(
			simulator(),
			[
				{ ticket: 'A', to: DEMO.specialist },
				{ ticket: 'B', to: 'nobody' },
				{ ticket: 'C', to: '+14155550199' },
			],
			warmTransfer({ to: '={{ $json.to }}', options: { maxConcurrency: 1 } }),
			{ continueOnFail: 'errorOutput' },
		);
		expect(run.error).toBeUndefined();
		const [succeeded, failed] = run.runData[PLIVO_NODE][0].data!.main;
		expect(succeeded!.map((item) => [item.pairedItem, item.json.success])).toEqual([
			[{ item: 0 }, true],
		]);
		expect(failed!.map((item) => [item.pairedItem, item.json.ticket])).toEqual([
			[{ item: 1 }, 'B'],
			[{ item: 2 }, 'C'],
		]);
		expect(failed![0].json.error).toContain('"nobody"');
		expect(failed![1].json.error).toMatch(/^Plivo: /);
		expect(failed![1].json.message).toMatch(/^Outcome unknown.*not send it again/);
		expect(simulator().requests).toHaveLength(2);
		expectNoSecret(run);
	});

	it('never shows the Auth Token, even when the credential is wrong', async () => {
		const run = await runPlivo(simulator(), [{}], warmTransfer(), {
			credential: { authToken: 'wrong-token-123456' },
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toMatch(/credential|authentication|Invalid/i);
		expect(JSON.stringify(run.raw)).not.toContain('wrong-token-123456');
		expectNoSecret(run);
	});

	it('refuses a plain-http Base URL to another machine before sending anything', async () => {
		const run = await runPlivo(simulator(), [{}], warmTransfer(), {
			credential: { baseUrl: 'http://phlo.example.com' },
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toContain('clear text');
		expect(simulator().requests).toHaveLength(0);
	});
});
