import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { CREDENTIAL_TEST, signRequest } from '../nodes/PlivoPhlo/transport/credentialTest';

export class PlivoPhloApi implements ICredentialType {
	name = 'plivoPhloApi';

	displayName = 'Plivo PHLO API';

	icon: Icon = {
		light: 'file:../nodes/PlivoPhlo/plivo.svg',
		dark: 'file:../nodes/PlivoPhlo/plivo.dark.svg',
	};

	documentationUrl = 'https://www.plivo.com/docs/phlo/api/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth ID',
			name: 'authId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. MAXXXXXXXXXXXXXXXXXX',
			description:
				'The 20-character Auth ID on the Overview page of the Plivo console (starts with MA, or SA for a subaccount)',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The Auth Token shown next to the Auth ID on the Overview page of the Plivo console',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Plivo (Production)',
					value: 'production',
					description: 'Plivo itself: phlorunner.plivo.com and api.plivo.com',
				},
				{
					name: 'Custom Server',
					value: 'custom',
					description:
						"For testing only: this package's PHLO simulator, or a test proxy in front of Plivo",
				},
			],
			default: 'production',
		},
		{
			displayName:
				"Custom Server is for testing: point it at this package's PHLO simulator (npm run simulator prints its URL and demo Auth ID / Auth Token) or at a test proxy in front of Plivo. Workflows that move real calls use Plivo (Production).",
			name: 'customServerNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8700',
			description:
				'Root of the simulator or test proxy; requests go to {Base URL}/v1/…. Plain http:// is accepted only for a server on this machine (127.0.0.1, localhost).',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Main Account Auth Token',
			name: 'mainAccountAuthToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Only for the Plivo PHLO Trigger with a subaccount's Auth ID: the main account's Auth Token, which signs X-Plivo-Signature-Ma-V3. Leave empty otherwise.",
		},
	];

	/**
	 * HTTP Basic from the Auth ID and Auth Token, trimmed as the node trims them (a value pasted
	 * with a trailing newline still signs in); redirects never followed; the Test button's request
	 * held to its deadline (see credentialTest.ts). A function, not a generic block: n8n evaluates
	 * a generic block's expressions in its sandbox on every request, about a millisecond a call.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signRequest(credentials, requestOptions);
	}

	// Plivo's account endpoint answers 200 for a valid Auth ID / Auth Token pair and 401 otherwise.
	// The Base URL goes through the node's own rule (see TEST_REQUEST_BASE_URL): a URL the node
	// refuses is refused here too, never upgraded and never sent. Every other status has a rule
	// of ours, so no text of the server's is shown.
	test: ICredentialTestRequest = CREDENTIAL_TEST;
}
