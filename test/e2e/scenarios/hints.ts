/**
 * Execution hints in real n8n, read from the execution data `n8n execute --rawOutput` prints
 * (runData[node][0].hints, where the editor reads them): a PHLO run that stopped and time spent
 * waiting for turns at the account's pace, and an item that failed with outcome unknown.
 */
import { DEMO, FAILING_PHLO } from '../../../simulator/accounts';
import { executeWorkflow, type Execution } from '../../../tooling/n8n/execution';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import { dial, fromItems, workflow } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';
import type { ExampleSimulator } from './examples';

const CALL_PATH = `/v1/phlo/${DEMO.phloId}/multi_party_call/${DEMO.nodeId}`;

export const HINT_WORKFLOWS = {
	runs: workflow(
		'e2eHintsRuns0001',
		'Hints: a stopped run, paced at one a second',
		[{ id: DEMO.phloId }, { id: FAILING_PHLO.phloId }, { id: DEMO.phloId }],
		[
			[
				'Run PHLOs',
				{
					resource: 'phlo',
					operation: 'run',
					phloId: fromItems('id'),
					payloadType: 'none',
					options: { maxRequestsPerSecond: 1 },
				},
			],
		],
	),
	unknown: workflow(
		'e2eHintsUnknown1',
		'Hints: a transfer whose outcome is unknown',
		[DEMO],
		[['Warm Transfer', dial('warmTransfer', 'specialist', 'agent'), 'continueRegularOutput']],
	),
};

const hintsOf = (execution: Execution, node: string) =>
	(execution.runData[node]?.[0]?.hints ?? []).map(({ type, message }) => ({ type, message }));

export async function checkHints(home: N8nHome, sim: ExampleSimulator, report: Report) {
	sim.reset();
	const runs = await executeWorkflow(home, HINT_WORKFLOWS.runs.id);
	report.equal('runs: n8n execute exits 0', runs.exitCode, 0);
	const runHints = hintsOf(runs, 'Run PHLOs');
	report.includes('runs: a warning names the stopped run', runHints[0], { type: 'warning' });
	report.matches(
		'runs: it says which item',
		runHints[0]?.message,
		/^1 PHLO run stopped .*\(item 1\)/,
	);
	report.includes('runs: a note gives the time waited for turns', runHints[1], { type: 'info' });
	report.matches(
		'runs: the two paced requests waited',
		runHints[1]?.message,
		/^2 requests waited \d+\.\d s in all/,
	);

	sim.reset();
	sim.addFault({ kind: 'status', status: 503, match: { path: CALL_PATH } });
	const unknown = await executeWorkflow(home, HINT_WORKFLOWS.unknown.id);
	report.equal('unknown: n8n execute exits 0', unknown.exitCode, 0);
	const unknownHints = hintsOf(unknown, 'Warm Transfer');
	report.equal('unknown: one hint', unknownHints.length, 1);
	report.includes('unknown: a danger hint', unknownHints[0], { type: 'danger' });
	report.matches(
		'unknown: it names the item whose outcome is unknown',
		unknownHints[0]?.message,
		/^1 item failed with outcome unknown \(item 0\)/,
	);
}
