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

/**
 * The trigger's loop example (caller presses 1 → specialist → answer to the PHLO), kept apart from
 * EXAMPLES: it needs the trigger's header secret and a running n8n, not `n8n execute`.
 */
export const TRIGGER_EXAMPLE = ['phlo-trigger-specialist-loop.json', 'e2eExTriggerLoop'] as const;
/** The header secret the simulator's PHLO step sends and the loop example's trigger checks. */
export const PHLO_SECRET = {
	credential: { id: 'e2ePhloSecretCred', name: 'PHLO secret (simulator)' },
	headerName: 'X-Phlo-Secret',
	secret: 'sim-phlo-secret-5c8e1a7d',
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
		if (node.credentials?.plivoPhloHeaderAuthApi)
			node.credentials.plivoPhloHeaderAuthApi = PHLO_SECRET.credential;
	}
	return { ...example, id, versionId: randomUUID(), active: false };
}

export const exampleWorkflows = (typePrefix = PACKAGE_PREFIX): Workflow[] =>
	Object.values(EXAMPLES).map(([file, id]) => loadExample(file, id, typePrefix));

export const triggerExampleWorkflow = (typePrefix = PACKAGE_PREFIX): Workflow =>
	loadExample(TRIGGER_EXAMPLE[0], TRIGGER_EXAMPLE[1], typePrefix);
