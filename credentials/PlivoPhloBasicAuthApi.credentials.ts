import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The user and password that requests to the Plivo PHLO Trigger must carry as HTTP Basic auth:
 * what a PHLO's HTTP Request component sends when its Auth is Basic. Checked by the trigger, never
 * sent.
 */
export class PlivoPhloBasicAuthApi implements ICredentialType {
	name = 'plivoPhloBasicAuthApi';

	displayName = 'Plivo PHLO Trigger Basic Auth API';

	icon: Icon = {
		light: 'file:../nodes/PlivoPhlo/plivo.svg',
		dark: 'file:../nodes/PlivoPhlo/plivo.dark.svg',
	};

	documentationUrl = 'https://www.plivo.com/docs/phlo/components/http-request';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			required: true,
			default: '',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
		},
	];
}
