import { PlivoPhloApi } from '../../credentials/PlivoPhloApi.credentials';
import { PlivoPhlo } from '../../nodes/PlivoPhlo/PlivoPhlo.node';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** The public contract: saved workflows store these names, so they may never change. */
const CONTRACT = {
	multiPartyCall: {
		operations: ['warmTransfer', 'coldTransfer', 'addMember', 'get'],
		fields: ['phloId', 'nodeId', 'to', 'role', 'triggerSource'],
	},
	member: {
		operations: ['hold', 'unhold', 'hangUp', 'resumeCall', 'abortTransfer', 'voicemailDrop'],
		fields: ['phloId', 'nodeId', 'memberAddress'],
	},
	phlo: {
		operations: ['run', 'get'],
		fields: ['phloId', 'payloadType', 'payloadFields', 'payloadJson'],
	},
};

const { description } = new PlivoPhlo();
const properties = description.properties;
const shownFor = (resource: string) =>
	properties.filter(
		(p) => !p.displayOptions?.show?.resource || p.displayOptions.show.resource.includes(resource),
	);

describe('node description', () => {
	it('is the plivoPhlo node, version 1, usable as an AI tool, with light and dark icons', () => {
		expect(description.name).toBe('plivoPhlo');
		expect(description.displayName).toBe('Plivo PHLO');
		expect(description.version).toBe(1);
		expect(description.usableAsTool).toBe(true);
		expect(description.icon).toEqual({ light: 'file:plivo.svg', dark: 'file:plivo.dark.svg' });
		expect(description.credentials).toEqual([{ name: 'plivoPhloApi', required: true }]);
	});

	it('offers the three resources with multiPartyCall as the default', () => {
		const resource = properties.find((p) => p.name === 'resource')!;
		expect((resource.options as INodePropertyOptions[]).map((o) => o.value).sort()).toEqual([
			'member',
			'multiPartyCall',
			'phlo',
		]);
		expect(resource.default).toBe('multiPartyCall');
	});

	it.each(Object.entries(CONTRACT))(
		'%s has exactly the contract operations and fields',
		(resource, contract) => {
			const operation = properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			)!;
			const options = operation.options as INodePropertyOptions[];
			expect(options.map((o) => o.value).sort()).toEqual([...contract.operations].sort());
			for (const option of options) {
				expect(option.action).toMatch(/^[A-Z][a-z]/);
				expect(String(option.description).length).toBeGreaterThan(20);
			}
			const names = shownFor(resource).map((p) => p.name);
			for (const field of contract.fields) expect(names).toContain(field);
		},
	);

	it('defaults: warmTransfer, hold, run; role agent with options agent and customer; payload none', () => {
		const defaults = Object.fromEntries(
			properties
				.filter((p) => p.name === 'operation')
				.map((p) => [p.displayOptions!.show!.resource![0], p.default]),
		);
		expect(defaults).toEqual({ multiPartyCall: 'warmTransfer', member: 'hold', phlo: 'run' });
		const role = properties.find((p) => p.name === 'role')!;
		expect(role.default).toBe('agent');
		expect((role.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'agent',
			'customer',
		]);
		const payloadType = properties.find((p) => p.name === 'payloadType')!;
		expect(payloadType.default).toBe('none');
		expect((payloadType.options as INodePropertyOptions[]).map((o) => o.value).sort()).toEqual([
			'fields',
			'json',
			'none',
		]);
		const fields = properties.find((p) => p.name === 'payloadFields')!;
		const field = (fields.options as INodeProperties[])[0] as unknown as {
			name: string;
			values: INodeProperties[];
		};
		expect(field.name).toBe('field');
		expect(field.values.map((v) => v.name)).toEqual(['key', 'value']);
	});

	it('describes and gives a placeholder for every field a person types into', () => {
		for (const property of properties.filter((p) => p.type === 'string' || p.type === 'json')) {
			// the field's name rides along so a failure says which field lacks help
			expect({ field: property.name, described: (property.description?.length ?? 0) > 20 }).toEqual(
				{
					field: property.name,
					described: true,
				},
			);
			expect({ field: property.name, placeholder: property.placeholder }).toEqual({
				field: property.name,
				placeholder: expect.stringMatching(/^e\.g\. /),
			});
		}
	});
});

describe('subtitle', () => {
	// n8n evaluates the subtitle expression in the editor; its body is plain JavaScript.
	const subtitleFor = (resource: string, operation: string): unknown => {
		const body = /^=\{\{(.*)\}\}$/s.exec(description.subtitle!)![1];
		return new Function('$parameter', `return (${body});`)({ resource, operation });
	};
	const operationName = (resource: string, operation: string) =>
		(
			properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			)!.options as INodePropertyOptions[]
		).find((o) => o.value === operation)!.name;

	it('reads as a person would say it, for every operation', () => {
		expect(subtitleFor('multiPartyCall', 'warmTransfer')).toBe('Warm Transfer');
		expect(subtitleFor('member', 'hangUp')).toBe('Hang Up');
		expect(subtitleFor('phlo', 'run')).toBe('Run PHLO');
		for (const [resource, { operations }] of Object.entries(CONTRACT)) {
			for (const operation of operations) {
				expect([operation, subtitleFor(resource, operation)]).toEqual([
					operation,
					expect.stringMatching(new RegExp(`^${operationName(resource, operation)}`)),
				]);
			}
		}
	});
});

describe('credential', () => {
	const credential = new PlivoPhloApi();
	const property = (name: string) => credential.properties.find((p) => p.name === name)!;
	it('is plivoPhloApi with authId, a secret authToken, environment and baseUrl', () => {
		expect(credential.name).toBe('plivoPhloApi');
		expect(credential.displayName).toBe('Plivo PHLO API');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'authId',
			'authToken',
			'environment',
			'customServerNotice',
			'baseUrl',
			'mainAccountAuthToken',
		]);
		expect(credential.properties[1].typeOptions).toEqual({ password: true });
		const environment = credential.properties[2];
		expect(environment.default).toBe('production');
		expect((environment.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'production',
			'custom',
		]);
		expect(property('baseUrl').displayOptions).toEqual({ show: { environment: ['custom'] } });
	});
	it('says Custom Server is for testing, in its description and in a notice shown when chosen', () => {
		const custom = (property('environment').options as INodePropertyOptions[])[1];
		expect(custom.description).toMatch(/^For testing only: .*simulator.*test proxy/);
		const notice = property('customServerNotice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/for testing.*simulator.*test proxy/);
		expect(notice.displayOptions).toEqual({ show: { environment: ['custom'] } });
	});
	it('authenticates with HTTP Basic from the Auth ID and Auth Token, trimmed, keeping the request', async () => {
		// A function, so n8n evaluates no sandboxed expression per request.
		expect(typeof credential.authenticate).toBe('function');
		const authenticate = credential.authenticate as (
			credentials: ICredentialDataDecryptedObject,
			requestOptions: IHttpRequestOptions,
		) => Promise<IHttpRequestOptions>;
		const request: IHttpRequestOptions = {
			url: 'https://phlorunner.plivo.com/v1/phlo/x',
			method: 'POST',
			headers: { Accept: 'application/json' },
			body: '{}',
		};
		const signed = await authenticate({ authId: ' MAXXXX\n', authToken: '\ttoken-1 ' }, request);
		expect(signed).toEqual({
			...request,
			auth: { username: 'MAXXXX', password: 'token-1' },
			// Whatever sends a request signed with it: a redirect would carry the Basic header on.
			disableFollowRedirect: true,
		});
	});
});
