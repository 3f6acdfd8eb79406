/**
 * The PHLO ID as workflows store it, run by `n8n execute` on each n8n line: plain strings as 0.1.0
 * saved them (an ID, a console URL) next to the resource locator's By ID and By URL values. Each
 * must reach Plivo as the same Get PHLO request.
 */
import { DEMO } from '../../../simulator';
import { executeWorkflow, outputItems } from '../../../tooling/n8n/execution';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import { workflow } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';
import { requestOf, type SimulatorView } from './workflows';

const CONSOLE_URL = `https://console.plivo.com/phlo/edit/${DEMO.phloId}/`;
const getPhlo = (phloId: unknown) => ({ resource: 'phlo', operation: 'get', phloId });

const STEPS: Array<[string, Record<string, unknown>]> = [
	['Saved by 0.1.0: ID', getPhlo(DEMO.phloId)],
	['Saved by 0.1.0: console URL', getPhlo(CONSOLE_URL)],
	['By ID', getPhlo({ __rl: true, mode: 'id', value: DEMO.phloId })],
	['By URL', getPhlo({ __rl: true, mode: 'url', value: CONSOLE_URL })],
];

export const PHLO_ID_WORKFLOW = workflow(
	'e2ePhloIdForms01',
	'PHLO ID in every saved form',
	[{}],
	STEPS,
);

export async function checkPhloIdForms(home: N8nHome, sim: SimulatorView, report: Report) {
	sim.reset();
	const run = await executeWorkflow(home, PHLO_ID_WORKFLOW.id);
	report.equal('n8n execute exits 0', run.exitCode, 0);
	report.equal('no workflow error', run.error?.message, undefined);
	report.equal(
		'each form sends the same Get PHLO request',
		sim.requests.map(requestOf),
		STEPS.map(() => ({ method: 'GET', path: `/v1/phlo/${DEMO.phloId}` })),
	);
	for (const [name] of STEPS) {
		report.includes(`${name}: the PHLO comes back`, outputItems(run, name)[0]?.json, {
			phlo_id: DEMO.phloId,
		});
	}
}
