/**
 * A hostile server, in real n8n: a warm transfer answered by a redirect to another host, and
 * one whose answer drips in one byte at a time. Checked from n8n's run output and from what
 * reached the simulator and the other host (127.0.0.2).
 */
import { DEMO } from '../../../simulator';
import type { FaultSpec } from '../../../simulator/faults';
import type { OtherHostRequest } from '../../../simulator/otherHost';
import { executeWorkflow, outputItems } from '../../../tooling/n8n/execution';
import type { N8nHome } from '../../../tooling/n8n/n8n';
import { dial, workflow, type Workflow } from '../../../tooling/workflows/builders';
import type { Report } from '../lib/report';
import { SECRETS, type SimulatorView } from './workflows';

export interface HostileSimulator extends SimulatorView {
	addFault(spec: FaultSpec): void;
	otherHostRequests(): OtherHostRequest[];
}

const TIMEOUT_MS = 2000;
const transfer = {
	...dial('warmTransfer', 'specialist', 'agent'),
	options: { timeout: TIMEOUT_MS, maxRetries: 5 },
};

export const HOSTILE_WORKFLOWS = {
	transfer: workflow(
		'e2eHostile000001',
		'Warm transfer against a hostile server',
		[DEMO],
		[['Warm Transfer', transfer, 'continueRegularOutput']],
	),
} satisfies Record<string, Workflow>;

export async function checkHostileServer(home: N8nHome, sim: HostileSimulator, report: Report) {
	const outputs: string[] = [];
	const transferUnder = async (fault: FaultSpec) => {
		sim.reset();
		sim.addFault({ ...fault, match: { method: 'POST' } });
		const execution = await executeWorkflow(home, HOSTILE_WORKFLOWS.transfer.id);
		outputs.push(execution.output);
		return { execution, item: outputItems(execution, 'Warm Transfer')[0]?.json ?? {} };
	};

	const redirected = await transferUnder({ kind: 'redirect', status: 307 });
	report.equal('redirect: n8n execute exits 0', redirected.execution.exitCode, 0);
	report.matches(
		'redirect: the item fails naming the status and the other host',
		redirected.item.error,
		/^Plivo answered 307, a redirect to 127\.0\.0\.2:\d+$/,
	);
	report.matches(
		'redirect: it says to check the Base URL',
		redirected.item.description,
		/Check the credential's Base URL/,
	);
	report.equal('redirect: exactly one request was sent', sim.requests.length, 1);
	report.equal('redirect: nothing reached the other host', sim.otherHostRequests(), []);

	const dripped = await transferUnder({ kind: 'drip', dripMs: 400 });
	report.equal('dripping body: n8n execute exits 0', dripped.execution.exitCode, 0);
	report.matches(
		'dripping body: the item fails at the Timeout, with the elapsed time',
		dripped.item.error,
		/^Plivo did not answer within 2\.0 s \(gave up after 2\.\d s\)$/,
	);
	report.matches(
		'dripping body: outcome unknown, not sent again',
		dripped.item.description,
		/^Outcome unknown/,
	);
	report.equal('dripping body: exactly one request was sent', sim.requests.length, 1);

	for (const [name, secret] of Object.entries(SECRETS)) {
		report.check(
			`no hostile-server output contains ${name}`,
			outputs.every((output) => !output.includes(secret)),
			'found in an n8n execute output',
		);
	}
}
