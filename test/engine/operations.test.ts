import { DEFAULT_ACCOUNT, DEMO, PLIVO_NODE, expectNoSecret, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();
const FAILING_PHLO = 'e3c8a7d1-2f4b-4e6a-8b9c-0d1e2f3a4b5c';
const callNode = { phloId: DEMO.phloId, nodeId: DEMO.nodeId };
const callPath = `/v1/phlo/${DEMO.phloId}/multi_party_call/${DEMO.nodeId}`;

function statuses(): Record<string, string> {
	const call = simulator().getCall(DEMO.phloId, DEMO.nodeId);
	return Object.fromEntries(
		call.members.map((m: { address: string; status: string }) => [m.address, m.status]),
	);
}

async function act(parameters: Record<string, unknown>) {
	const run = await runPlivo(simulator(), [{}], { ...callNode, ...parameters });
	const error = run.nodeError(PLIVO_NODE);
	if (error) throw new Error(`${parameters.operation} failed: ${error.message}`);
	return { run, item: run.items[0], request: simulator().requests.at(-1)! };
}

/** Runs an action the call's state does not allow: Plivo refuses it, in its own words. */
async function refusedByPlivo(parameters: Record<string, unknown>) {
	const run = await runPlivo(simulator(), [{}], { ...callNode, ...parameters });
	expect(run.nodeError(PLIVO_NODE)?.message).toMatch(/^Plivo: /);
	return run;
}

describe('every operation sends its documented request and outputs its answer', () => {
	it.each([
		[
			'coldTransfer',
			'cold_transfer',
			{ [DEMO.customer]: 'connected', [DEMO.agent]: 'left', [DEMO.specialist]: 'connected' },
		],
		[
			'addMember',
			'call',
			{ [DEMO.customer]: 'connected', [DEMO.agent]: 'connected', [DEMO.specialist]: 'connected' },
		],
	])('Multi-Party Call → %s', async (operation, action, after) => {
		const { item, request } = await act({
			resource: 'multiPartyCall',
			operation,
			to: DEMO.specialist,
			role: 'agent',
			triggerSource: DEMO.agent,
		});
		expect([request.method, request.path]).toEqual(['POST', callPath]);
		expect(JSON.parse(request.rawBody)).toEqual({
			action,
			to: DEMO.specialist,
			role: 'agent',
			trigger_source: DEMO.agent,
		});
		expect(item.json).toMatchObject({
			success: true,
			operation,
			action,
			to: DEMO.specialist,
			apiId: expect.any(String),
		});
		expect(statuses()).toEqual(after);
	});

	it('Multi-Party Call → Get', async () => {
		const { item, request } = await act({ resource: 'multiPartyCall', operation: 'get' });
		expect([request.method, request.path, request.rawBody]).toEqual(['GET', callPath, '']);
		expect(item.json).toMatchObject({
			node_id: DEMO.nodeId,
			phlo_id: DEMO.phloId,
			node_type: 'multi_party_call',
			name: expect.any(String),
		});
	});

	it.each([
		['hold', 'hold', DEMO.customer, [], { [DEMO.customer]: 'on_hold' }],
		['unhold', 'unhold', DEMO.customer, ['hold'], { [DEMO.customer]: 'connected' }],
		['hangUp', 'hangup', DEMO.customer, [], { [DEMO.customer]: 'left' }],
		['voicemailDrop', 'voicemail_drop', DEMO.customer, [], { [DEMO.customer]: 'left' }],
		[
			'abortTransfer',
			'abort_transfer',
			DEMO.agent,
			['warm'],
			{ [DEMO.specialist]: 'left', [DEMO.customer]: 'connected' },
		],
		[
			'resumeCall',
			'resume_call',
			DEMO.agent,
			['warm'],
			{ [DEMO.specialist]: 'connected', [DEMO.customer]: 'connected' },
		],
	])('Member → %s', async (operation, action, member, before, after) => {
		for (const step of before) {
			if (step === 'warm') {
				await act({
					resource: 'multiPartyCall',
					operation: 'warmTransfer',
					to: DEMO.specialist,
					role: 'agent',
					triggerSource: DEMO.agent,
				});
			} else {
				await act({ resource: 'member', operation: step, memberAddress: member });
			}
		}
		const { item, request } = await act({ resource: 'member', operation, memberAddress: member });
		expect([request.method, request.path]).toEqual(['POST', `${callPath}/members/${member}`]);
		expect(JSON.parse(request.rawBody)).toEqual({ action });
		expect(item.json).toMatchObject({
			success: true,
			operation,
			action,
			memberAddress: member,
			apiId: expect.any(String),
		});
		expect(statuses()).toMatchObject(after);
	});

	it('keeps +, : and @ literal in a SIP member address path', async () => {
		const sip = 'sip:agent007@phone.plivo.com';
		simulator().seedCall({
			...callNode,
			members: [
				{ address: DEMO.customer, role: 'customer' },
				{ address: sip, role: 'agent' },
			],
		});
		const { request } = await act({ resource: 'member', operation: 'hold', memberAddress: sip });
		expect(request.path).toBe(`${callPath}/members/${sip}`);
	});

	it('PHLO → Run with fields: keys sent exactly as typed, run id and message out', async () => {
		const { item, request } = await act({
			resource: 'phlo',
			operation: 'run',
			payloadType: 'fields',
			payloadFields: {
				field: [
					{ key: 'customerName', value: 'Ada' },
					{ key: 'amount_due', value: '={{ 40 + 2 }}' },
				],
			},
		});
		expect([request.method, request.path]).toEqual([
			'POST',
			`/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`,
		]);
		// values go as given: the expression's number stays a number
		expect(JSON.parse(request.rawBody)).toEqual({ customerName: 'Ada', amount_due: 42 });
		expect(item.json).toMatchObject({
			success: true,
			stopped: false,
			runId: expect.any(String),
			phloId: DEMO.phloId,
		});
		expect(String(item.json.message).length).toBeGreaterThan(0);
	});

	it('PHLO → Run with JSON, and with no payload', async () => {
		const json = await act({
			resource: 'phlo',
			operation: 'run',
			payloadType: 'json',
			payloadJson: '{"customer_name":"Ada","vip":true}',
		});
		expect(JSON.parse(json.request.rawBody)).toEqual({ customer_name: 'Ada', vip: true });
		const none = await act({ resource: 'phlo', operation: 'run' });
		// No payload still sends an empty JSON object, the body Plivo documents for it.
		expect(none.request.rawBody).toBe('{}');
	});

	it('PHLO → Run that Plivo reports as stopped: flagged, or an error when asked', async () => {
		const flagged = await act({ resource: 'phlo', operation: 'run', phloId: FAILING_PHLO });
		expect(flagged.item.json).toMatchObject({ success: false, stopped: true });
		expect(String(flagged.item.json.message)).toMatch(/stopped/);
		const run = await runPlivo(simulator(), [{}], {
			resource: 'phlo',
			operation: 'run',
			phloId: FAILING_PHLO,
			failOnStoppedRun: true,
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toMatch(/^The PHLO run stopped: /);
	});

	it('PHLO → Get, with the ID taken from a pasted console URL', async () => {
		const { item, request } = await act({
			resource: 'phlo',
			operation: 'get',
			phloId: `https://console.plivo.com/phlo/edit/${DEMO.phloId}/`,
		});
		expect([request.method, request.path]).toEqual(['GET', `/v1/phlo/${DEMO.phloId}`]);
		expect(item.json).toMatchObject({
			phlo_id: DEMO.phloId,
			name: expect.any(String),
			created_on: expect.any(String),
		});
	});

	it.each([
		[{ payloadType: 'json', payloadJson: '[1,2]' }, 'must be a JSON object'],
		[{ payloadType: 'json', payloadJson: '{"a":{"b":1}}' }, 'flat object'],
		[
			{ payloadType: 'fields', payloadFields: { field: [{ key: '', value: '1' }] } },
			'the key is empty',
		],
		[
			{
				payloadType: 'fields',
				payloadFields: {
					field: [
						{ key: 'a', value: '1' },
						{ key: 'a', value: '2' },
					],
				},
			},
			'appears twice',
		],
	])('PHLO → Run refuses a bad payload before sending (%j)', async (payload, problem) => {
		const run = await runPlivo(simulator(), [{}], {
			resource: 'phlo',
			operation: 'run',
			phloId: DEMO.phloId,
			...payload,
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toContain(problem);
		expect(simulator().requests).toHaveLength(0);
	});

	it('Member actions refuse a bad member address before sending', async () => {
		const run = await runPlivo(simulator(), [{}], {
			resource: 'member',
			operation: 'hangUp',
			...callNode,
			memberAddress: '../../account',
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toContain('Member Address');
		expect(simulator().requests).toHaveLength(0);
	});
});

describe('a realistic escalation, as one workflow run per step', () => {
	it('customer and agent on a call → warm transfer → hold → unhold → resume → hang up the agent', async () => {
		await act({
			resource: 'multiPartyCall',
			operation: 'warmTransfer',
			to: DEMO.specialist,
			role: 'agent',
			triggerSource: DEMO.agent,
		});
		expect(statuses()).toEqual({
			[DEMO.customer]: 'on_hold',
			[DEMO.agent]: 'private',
			[DEMO.specialist]: 'private',
		});
		await refusedByPlivo({ resource: 'member', operation: 'unhold', memberAddress: DEMO.customer });
		await act({ resource: 'member', operation: 'resumeCall', memberAddress: DEMO.agent });
		expect(statuses()).toEqual({
			[DEMO.customer]: 'connected',
			[DEMO.agent]: 'connected',
			[DEMO.specialist]: 'connected',
		});
		await act({ resource: 'member', operation: 'hold', memberAddress: DEMO.customer });
		await act({ resource: 'member', operation: 'unhold', memberAddress: DEMO.customer });
		await act({ resource: 'member', operation: 'hangUp', memberAddress: DEMO.agent });
		expect(statuses()).toEqual({
			[DEMO.customer]: 'connected',
			[DEMO.agent]: 'left',
			[DEMO.specialist]: 'connected',
		});
		const abort = await refusedByPlivo({
			resource: 'member',
			operation: 'abortTransfer',
			memberAddress: DEMO.agent,
		});
		expectNoSecret(abort);
	});
});
