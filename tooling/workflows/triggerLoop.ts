/**
 * The trigger's loop example wired to the simulator: n8n gets the header secret the example's
 * trigger checks, and the simulator's demo PHLO gets an HTTP Request step that calls the example's
 * webhook with that secret, as a PHLO author would set it up. Used by `npm run dev` and the e2e suite.
 */
import { DEMO, type PhloStep } from '../../simulator';
import { importCredentialOfType } from '../n8n/importing';
import type { N8nHome } from '../n8n/n8n';
import { PHLO_SECRET, triggerExampleWorkflow } from './examples';

export async function importPhloSecret(home: N8nHome): Promise<void> {
	const { credential, headerName, secret } = PHLO_SECRET;
	await importCredentialOfType(home, credential, 'plivoPhloHeaderAuthApi', { headerName, secret });
}

/** The webhook ID of a workflow's Plivo PHLO Trigger. */
export function triggerWebhookId(workflow = triggerExampleWorkflow()): string {
	const nodes = workflow.nodes as Array<{ type: string; webhookId?: string }>;
	const trigger = nodes.find((node) => node.type.endsWith('plivoPhloTrigger'));
	if (!trigger?.webhookId)
		throw new Error('the workflow has no Plivo PHLO Trigger with a webhookId');
	return trigger.webhookId;
}

/** The production (or test) URL n8n serves the loop example's trigger on. */
export const loopExampleUrl = (webhookBase: string, test = false) =>
	`${webhookBase.replace(/\/$/, '')}/${test ? 'webhook-test' : 'webhook'}/${triggerWebhookId()}/plivo`;

/** The demo PHLO's HTTP Request step: POST JSON to the loop example with the header secret. */
export const loopPhloStep = (url: string, via?: string): PhloStep => ({
	phloId: DEMO.phloId,
	url,
	...(via ? { via } : {}),
	auth: { header: { name: PHLO_SECRET.headerName, value: PHLO_SECRET.secret } },
});
