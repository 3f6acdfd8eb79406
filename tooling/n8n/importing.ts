/** Putting the credential and the workflows into an n8n user folder with n8n's own import CLI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nHome } from './n8n';
import type { Workflow } from '../workflows/builders';
import { CREDENTIAL } from '../workflows/builders';
import { majorOf } from './versions';

export interface Account {
	authId: string;
	authToken: string;
}

interface CredentialReference {
	id: string;
	name: string;
}

/** One credential of any type, through n8n's import CLI: plain data, which n8n encrypts. */
export async function importCredentialOfType(
	home: N8nHome,
	credential: CredentialReference,
	type: string,
	data: Record<string, unknown>,
) {
	const file = join(home.userFolder, `credential-${credential.id}.json`);
	writeFileSync(file, JSON.stringify([{ ...credential, type, data }]));
	await home.mustCli(['import:credentials', `--input=${file}`]);
}

/** The plivoPhloApi credential pointing at a PHLO server (the simulator). */
export async function importCredential(home: N8nHome, baseUrl: string, account: Account) {
	await importCredentialOfType(home, CREDENTIAL, 'plivoPhloApi', {
		...account,
		environment: 'custom',
		baseUrl,
	});
}

/** n8n's own OpenAI credential, pointed at the suite's stand-in; the key is a placeholder. */
export async function importOpenAiCredential(
	home: N8nHome,
	credential: CredentialReference,
	url: string,
) {
	await importCredentialOfType(home, credential, 'openAiApi', {
		apiKey: 'sk-e2e-placeholder',
		url,
	});
}

export async function importWorkflows(home: N8nHome, workflows: Workflow[]) {
	const dir = join(home.userFolder, 'workflows');
	mkdirSync(dir, { recursive: true });
	for (const workflow of workflows) {
		writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	await home.mustCli(['import:workflow', '--separate', `--input=${dir}`]);
}

/**
 * Publishes imported workflows so their triggers go live at the next `n8n start`: n8n 2.x has
 * `publish:workflow`; 1.x activates with `update:workflow --active=true`.
 */
export async function publishWorkflows(home: N8nHome, workflows: Workflow[]) {
	for (const workflow of workflows) {
		await home.mustCli(
			majorOf(home.install.version) === 1
				? ['update:workflow', `--id=${workflow.id}`, '--active=true']
				: ['publish:workflow', `--id=${workflow.id}`],
		);
	}
}
