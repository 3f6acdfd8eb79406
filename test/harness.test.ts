/**
 * The harness itself: workflows run through n8n's engine with per-item expressions, the
 * credential type's generic authenticate block, continue-on-fail and cancellation, against a
 * real HTTP server on loopback.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	NodeOperationError,
	sleep,
	type IAuthenticateGeneric,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import {
	getCredentialType,
	loadNodeTypes,
	registerCredentialType,
	itemsInto,
	registerNodeType,
	runWorkflow,
	type RunWorkflowOptions,
} from '../tooling/engine';

interface Recorded {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: unknown;
}

class TestBasicApi implements ICredentialType {
	name = 'testBasicApi';
	displayName = 'Test Basic API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'User', name: 'user', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.user}}', password: '={{$credentials.password}}' },
			headers: { 'X-Region': '={{$credentials.region}}' },
		},
	};
}

/** POSTs `{ to }` per item to `{baseUrl}/calls` and returns the response as the item. */
class TestCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Call',
		name: 'testCall',
		group: ['transform'],
		version: 1,
		description: 'Harness test node',
		defaults: { name: 'Test Call' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'testBasicApi', required: true }],
		properties: [
			{ displayName: 'To', name: 'to', type: 'string', default: '' },
			{ displayName: 'Fail On', name: 'failOn', type: 'string', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const credentials = await this.getCredentials<{ baseUrl: string }>('testBasicApi');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const to = this.getNodeParameter('to', i) as string;
				if (to === this.getNodeParameter('failOn', i)) {
					throw new NodeOperationError(this.getNode(), `refusing ${to}`, { itemIndex: i });
				}
				this.logger.debug('calling', { to });
				const response = (await this.helpers.httpRequestWithAuthentication.call(
					this,
					'testBasicApi',
					{ method: 'POST', url: `${credentials.baseUrl}/calls`, body: { to }, json: true },
				)) as IDataObject;
				out.push({ json: response, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: error.message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

/** Sleeps `ms` ms, on the execution's cancel signal unless `ignoreCancel`. */
class TestSleep implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Sleep',
		name: 'testSleep',
		group: ['transform'],
		version: 1,
		description: 'Harness test node',
		defaults: { name: 'Test Sleep' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Ms', name: 'ms', type: 'number', default: 30_000 },
			{ displayName: 'Ignore Cancel', name: 'ignoreCancel', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const ms = this.getNodeParameter('ms', 0) as number;
		const ignoreCancel = this.getNodeParameter('ignoreCancel', 0) as boolean;
		await sleep(ms, ignoreCancel ? undefined : this.getExecutionCancelSignal());
		return [this.getInputData()];
	}
}

let server: Server;
let baseUrl: string;
let requests: Recorded[];

beforeAll(async () => {
	registerCredentialType(new TestBasicApi());
	registerNodeType('test.call', new TestCall());
	registerNodeType('test.sleep', new TestSleep());
	server = createServer((req, res) => {
		let text = '';
		req.on('data', (chunk: Buffer) => (text += chunk.toString()));
		req.on('end', () => {
			const body: unknown = text ? JSON.parse(text) : undefined;
			requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
			const to = (body as { to?: string } | undefined)?.to ?? '';
			const status = to.startsWith('bad') ? 400 : 200;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(status === 200 ? { ok: true, to } : { error: `bad number ${to}` }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	requests = [];
});

const CALL = 'Test Call';

function workflow(
	items: IDataObject[],
	call: Partial<INode> = {},
	extra: Partial<RunWorkflowOptions> = {},
): RunWorkflowOptions {
	return {
		...itemsInto(items, {
			id: 'call',
			name: CALL,
			type: 'test.call',
			typeVersion: 1,
			parameters: { to: '={{ $json.to + "0" }}' },
			credentials: { testBasicApi: { id: 'cred-1', name: 'Test account' } },
			...call,
		}),
		credentials: {
			'cred-1': {
				id: 'cred-1',
				name: 'Test account',
				type: 'testBasicApi',
				data: { user: 'alice', password: 's3cret', baseUrl },
			},
		},
		...extra,
	};
}

describe('runWorkflow', () => {
	it('resolves expressions per item and authenticates with the credential type', async () => {
		const result = await runWorkflow(workflow([{ to: '1' }, { to: '2' }, { to: '3' }]));

		expect(result.error).toBeUndefined();
		expect(requests.map((r) => [r.method, r.url, r.body])).toEqual([
			['POST', '/calls', { to: '10' }],
			['POST', '/calls', { to: '20' }],
			['POST', '/calls', { to: '30' }],
		]);
		const basic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
		for (const request of requests) {
			expect(request.headers.authorization).toBe(basic);
			expect(request.headers['x-region']).toBe('eu'); // the credential property's default
		}
		expect(result.output(CALL)).toEqual([
			{ json: { ok: true, to: '10' }, pairedItem: { item: 0 } },
			{ json: { ok: true, to: '20' }, pairedItem: { item: 1 } },
			{ json: { ok: true, to: '30' }, pairedItem: { item: 2 } },
		]);
		expect(result.output('Items')).toHaveLength(3);
		expect(JSON.stringify(result.raw)).not.toContain('s3cret');
	});

	it('turns on continue-on-fail from onError: continueRegularOutput', async () => {
		const result = await runWorkflow(
			workflow([{ to: '1' }, { to: 'bad' }, { to: '3' }], { onError: 'continueRegularOutput' }),
		);

		expect(result.error).toBeUndefined();
		expect(result.nodeError(CALL)).toBeUndefined();
		const output = result.output(CALL);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toEqual({ ok: true, to: '10' });
		expect(output[1].json.error).toEqual(expect.any(String));
		expect(output[2].json).toEqual({ ok: true, to: '30' });
	});

	it('leaves the given workflow JSON as written', async () => {
		const options = workflow([{ to: '1' }]);
		const before = JSON.stringify(options.nodes);
		await runWorkflow(options);
		expect(JSON.stringify(options.nodes)).toBe(before);
	});

	it('fails the node and the workflow without continue-on-fail', async () => {
		const result = await runWorkflow(
			workflow([{ to: '1' }, { to: '2' }], { parameters: { to: '={{ $json.to }}', failOn: '2' } }),
		);

		expect(result.nodeError(CALL)?.message).toBe('refusing 2');
		expect(result.error?.message).toBe('refusing 2');
		expect(requests).toHaveLength(1);
		expect(() => result.output(CALL)).toThrow(/Test Call.*refusing 2/);
	});

	it('reports an HTTP error from the server as the node error', async () => {
		const result = await runWorkflow(workflow([{ to: 'bad' }]));

		expect(result.nodeError(CALL)?.name).toBe('NodeApiError');
		expect(result.error).toBeDefined();
	});

	function sleeper(
		parameters: INodeParameters,
		extra: Partial<RunWorkflowOptions>,
	): RunWorkflowOptions {
		return {
			...itemsInto([{ a: 1 }], {
				id: 'sleep',
				name: 'Sleep',
				type: 'test.sleep',
				typeVersion: 1,
				parameters,
			}),
			...extra,
		};
	}

	it('cancels the execution after abortAfterMs and wakes a sleeping node', async () => {
		const started = Date.now();
		const result = await runWorkflow(sleeper({}, { abortAfterMs: 100 }));

		expect(Date.now() - started).toBeLessThan(5_000);
		expect(result.cancelled).toBe(true);
		// The sleeping node woke on the cancel signal and failed; nothing came out of it.
		expect(result.nodeError('Sleep')).toBeDefined();
		expect(result.runData.Sleep?.[0]?.data).toBeUndefined();
		expect(result.error).toBeDefined();
	});

	it('does not cancel a run that ends before abortAfterMs', async () => {
		const result = await runWorkflow(sleeper({ ms: 10 }, { abortAfterMs: 2_000 }));

		expect(result.cancelled).toBe(false);
		expect(result.output('Sleep')).toEqual([{ json: { a: 1 }, pairedItem: { item: 0 } }]);
	});

	it('rejects when a node ignores the cancel signal', async () => {
		await expect(
			runWorkflow(
				sleeper({ ms: 1_000, ignoreCancel: true }, { abortAfterMs: 50, cancelGraceMs: 100 }),
			),
		).rejects.toThrow(/does not stop on this.getExecutionCancelSignal/);
		await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the engine finish
	});

	it('loads the built package from dist/ under its package name and CUSTOM', () => {
		const types = loadNodeTypes();
		expect(types.getByNameAndVersion('test.items', 1).description.displayName).toBe('Items');
		const known = Object.keys(types.getKnownTypes());
		expect(known).toEqual(
			expect.arrayContaining(['n8n-nodes-plivo-phlo.plivoPhlo', 'CUSTOM.plivoPhlo']),
		);
		expect(types.getByName('n8n-nodes-plivo-phlo.plivoPhlo')).toBe(
			types.getByName('CUSTOM.plivoPhlo'),
		);
		expect(getCredentialType('plivoPhloApi').authenticate).toBeDefined();
	});

	it('names the known types when a node type is unknown', () => {
		expect(() => loadNodeTypes().getByName('test.nope')).toThrow(
			/Unknown node type "test.nope".*test.items/,
		);
	});
});
