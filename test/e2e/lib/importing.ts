/** Putting the credential and the workflows into an n8n user folder with n8n's own import CLI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nHome } from './n8n';
import type { Workflow } from '../workflows';
import { CREDENTIAL } from '../workflows';

export interface Account {
	authId: string;
	authToken: string;
}

/** The plivoPhloApi credential pointing at a PHLO server (the simulator); plain data, n8n encrypts. */
export async function importCredential(home: N8nHome, baseUrl: string, account: Account) {
	const file = join(home.userFolder, 'credentials.json');
	const data = { ...account, environment: 'custom', baseUrl };
	writeFileSync(file, JSON.stringify([{ ...CREDENTIAL, type: 'plivoPhloApi', data }]));
	await home.mustCli(['import:credentials', `--input=${file}`]);
}

/** n8n's own OpenAI credential, pointed at the suite's stand-in; the key is a placeholder. */
export async function importOpenAiCredential(
	home: N8nHome,
	credential: { id: string; name: string },
	url: string,
) {
	const file = join(home.userFolder, 'openai-credentials.json');
	const data = { apiKey: 'sk-e2e-placeholder', url };
	writeFileSync(file, JSON.stringify([{ ...credential, type: 'openAiApi', data }]));
	await home.mustCli(['import:credentials', `--input=${file}`]);
}

export async function importWorkflows(home: N8nHome, workflows: Workflow[]) {
	const dir = join(home.userFolder, 'workflows');
	mkdirSync(dir, { recursive: true });
	for (const workflow of workflows) {
		writeFileSync(join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	await home.mustCli(['import:workflow', '--separate', `--input=${dir}`]);
}
