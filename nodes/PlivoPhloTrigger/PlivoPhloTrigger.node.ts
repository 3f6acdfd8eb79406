import {
	NodeConnectionTypes,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IHookFunctions,
	type IWebhookDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { answerJson, answerWithin, DEFAULT_ANSWER_TIMEOUT_S, refuse } from './answer';
import { authenticate } from './auth';
import { triggerProperties } from './description';
import { ALL_EVENTS, isPicked } from './events';
import { outputOf } from './output';

/** POST for Plivo's callbacks, GET for callbacks set to GET and for PHLO requests that use it. */
const webhooks: IWebhookDescription[] = ['POST', 'GET'].map((httpMethod) => ({
	name: 'default',
	httpMethod,
	path: 'plivo',
	isFullPath: false,
	responseMode: '={{$parameter["responseMode"]}}',
	responseData: 'firstEntryJson',
}));

/** The editor's Test button for a secret that requests must carry: it is set, nothing to call. */
function secretIsSet(fields: string[]) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const data = credential.data ?? {};
		const missing = fields.filter((field) => String(data[field] ?? '').trim() === '');
		return missing.length === 0
			? { status: 'OK', message: 'Set: requests must carry it' }
			: { status: 'Error', message: `Empty: ${missing.join(', ')}` };
	};
}

export class PlivoPhloTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Plivo PHLO Trigger',
		name: 'plivoPhloTrigger',
		icon: { light: 'file:plivo.svg', dark: 'file:plivo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["events"].includes("*") ? "All events" : $parameter["events"].join(", ") }}',
		description:
			'Starts the workflow when Plivo or a PHLO calls: a participant joins, leaves or presses digits, a call is answered or hung up, or a PHLO asks a question',
		defaults: { name: 'Plivo PHLO Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'plivoPhloApi',
				required: true,
				displayOptions: { show: { authentication: ['plivoSignature'] } },
			},
			{
				name: 'plivoPhloHeaderAuthApi',
				required: true,
				testedBy: 'headerSecretIsSet',
				displayOptions: { show: { authentication: ['headerAuth'] } },
			},
			{
				name: 'plivoPhloBasicAuthApi',
				required: true,
				testedBy: 'basicSecretIsSet',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
		],
		webhooks,
		properties: triggerProperties,
	};

	methods = {
		credentialTest: {
			headerSecretIsSet: secretIsSet(['headerName', 'secret']),
			basicSecretIsSet: secretIsSet(['user', 'password']),
		},
	};

	// PHLO and Plivo's callbacks have no API to register a URL: the user pastes it into the PHLO
	// or the application. So there is nothing to check, create or delete.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date();
		const res = this.getResponseObject();
		const authentication = this.getNodeParameter('authentication', 'plivoSignature') as string;
		const verdict = await authenticate(this, authentication);
		if (verdict === 'busy') {
			// The replay memory is full of nonces still in their window: refuse rather than forget.
			answerJson(res, 503, { message: 'Busy, try again later' });
			return { noWebhookResponse: true };
		}
		if (verdict !== 'accepted') {
			refuse(res);
			return { noWebhookResponse: true };
		}
		const secretHeader =
			authentication === 'headerAuth'
				? String((await this.getCredentials('plivoPhloHeaderAuthApi')).headerName ?? '')
				: undefined;
		const json = outputOf({
			method: this.getRequestObject().method ?? 'POST',
			body: this.getBodyData() ?? {},
			query: (this.getQueryData() ?? {}) as Record<string, never>,
			headers: this.getHeaderData(),
			receivedAt,
			secretHeader,
		});
		const events = this.getNodeParameter('events', [ALL_EVENTS]) as string[];
		if (!isPicked(events, String(json.event))) {
			answerJson(res, 200, { received: true, started: false });
			return { noWebhookResponse: true };
		}
		const responseMode = this.getNodeParameter('responseMode', 'onReceived') as string;
		if (responseMode !== 'onReceived') {
			const seconds = this.getNodeParameter('answerTimeout', DEFAULT_ANSWER_TIMEOUT_S) as number;
			answerWithin(res, seconds);
		}
		return { workflowData: [[{ json }]] };
	}
}
