/**
 * The README's example workflows (examples/*.json) as n8n imports them: unchanged except for their
 * IDs, their credentials (pointed at the simulator's and the stand-in OpenAI's) and, for a build
 * loaded as a custom extension, the node type prefix. Used by the e2e suite and `npm run dev`.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../n8n/paths';
import { CREDENTIAL, type Workflow } from './builders';

export const OPENAI_CREDENTIAL = { id: 'e2eFakeOpenAiCred', name: 'Stand-in OpenAI' };

/** Each example file, and the workflow ID it is imported under. */
export const EXAMPLES = {
	escalation: ['webhook-escalation.json', 'e2eExEscalation1'],
	campaign: ['scheduled-reminder-campaign.json', 'e2eExCampaign001'],
	agent: ['ai-agent-call-control.json', 'e2eExAgent000001'],
} as const;

interface ExampleNode {
	type: string;
	credentials?: Record<string, { id: string; name: string }>;
}

const PACKAGE_PREFIX = 'n8n-nodes-plivo-phlo.';

/**
 * An example as n8n imports it: our ID and version, credentials pointed at the suite's, and the
 * node type under `typePrefix` (`CUSTOM.` when the build is loaded as a custom extension).
 */
function loadExample(file: string, id: string, typePrefix: string): Workflow {
	const example = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as Workflow;
	for (const node of example.nodes as ExampleNode[]) {
		if (node.type.startsWith(PACKAGE_PREFIX))
			node.type = typePrefix + node.type.slice(PACKAGE_PREFIX.length);
		if (node.credentials?.plivoPhloApi) node.credentials.plivoPhloApi = CREDENTIAL;
		if (node.credentials?.openAiApi) node.credentials.openAiApi = OPENAI_CREDENTIAL;
	}
	return { ...example, id, versionId: randomUUID(), active: false };
}

export const exampleWorkflows = (typePrefix = PACKAGE_PREFIX): Workflow[] =>
	Object.values(EXAMPLES).map(([file, id]) => loadExample(file, id, typePrefix));
