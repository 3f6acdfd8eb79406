/** Putting the credential and the workflows into an n8n user folder with n8n's own import CLI. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nHome } from './n8n';
import type { Workflow } from '../workflows/builders';
import { CREDENTIAL } from '../workflows/builders';
import type { N8nRest } from './rest';

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
 * How an imported workflow goes live, by n8n version (read from each line's CLI and REST code):
 * - `update:workflow` (1.x): `update:workflow --id=… --active=true` before `n8n start`.
 * - `publish:workflow` (2.x from 2.1; checked on 2.41.1): `publish:workflow --id=…` before `n8n
 *   start`; its import:workflow records the workflow's version, which publishing needs.
 * - `rest once running` (2.0.x; checked on 2.0.3): import:workflow records no version, so both
 *   `publish:workflow` and REST's activate answer "Version … not found". n8n 2.0 records one when
 *   a workflow is unarchived, so once n8n runs: archive, unarchive, and activate that version
 *   through the REST API the editor uses (`POST /rest/workflows/:id/archive`, `/unarchive`,
 *   `/activate`).
 */
export type Activation = 'update:workflow' | 'publish:workflow' | 'rest once running';

export function activationOf(version: string): Activation {
	const [major, minor] = version.split('.').map(Number);
	if (major === 1) return 'update:workflow';
	return major === 2 && minor === 0 ? 'rest once running' : 'publish:workflow';
}

/**
 * Before `n8n start`: publishes imported workflows so their triggers go live when it starts, on
 * the lines whose CLI can (activationOf). Call publishOnceRunning after the start as well.
 */
export async function publishWorkflows(home: N8nHome, workflows: Workflow[]) {
	const activation = activationOf(home.install.version);
	if (activation === 'rest once running') return;
	for (const workflow of workflows) {
		await home.mustCli(
			activation === 'update:workflow'
				? ['update:workflow', `--id=${workflow.id}`, '--active=true']
				: ['publish:workflow', `--id=${workflow.id}`],
		);
	}
}

/**
 * After `n8n start`, with an owner session: publishes the workflows on the lines whose CLI
 * cannot (activationOf); their webhooks listen at once and stay live across restarts.
 */
export async function publishOnceRunning(home: N8nHome, rest: N8nRest, workflows: Workflow[]) {
	if (activationOf(home.install.version) !== 'rest once running') return;
	for (const { id } of workflows) {
		await rest.request('POST', `/rest/workflows/${id}/archive`);
		const { versionId } = await rest.request<{ versionId: string }>(
			'POST',
			`/rest/workflows/${id}/unarchive`,
		);
		await rest.request('POST', `/rest/workflows/${id}/activate`, { versionId });
	}
}
