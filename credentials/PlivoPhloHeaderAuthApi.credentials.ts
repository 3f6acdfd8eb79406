import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A header secret that requests to the Plivo PHLO Trigger must carry: what a PHLO's HTTP Request
 * component or Event Callback sends as a custom header. Checked by the trigger, never sent.
 */
export class PlivoPhloHeaderAuthApi implements ICredentialType {
	name = 'plivoPhloHeaderAuthApi';

	displayName = 'Plivo PHLO Trigger Header Auth API';

	icon: Icon = {
		light: 'file:../nodes/PlivoPhlo/plivo.svg',
		dark: 'file:../nodes/PlivoPhlo/plivo.dark.svg',
	};

	documentationUrl = 'https://www.plivo.com/docs/phlo/components/http-request';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. X-Phlo-Secret',
			description: 'The header the PHLO sends (set it in the HTTP Request component under Headers)',
		},
		{
			displayName: 'Header Value',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The secret the header must hold; a long random value',
		},
	];
}
