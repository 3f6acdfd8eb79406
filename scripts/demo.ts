/**
 * The demo: a helpdesk escalation moves a live caller to a specialist with a warm transfer.
 * It starts the PHLO simulator, runs the workflow through n8n's own execution engine with the
 * built node, and tells what happened: the request, Plivo's answer, and the call afterwards.
 *
 * With PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_PHLO_ID, PLIVO_NODE_ID, PLIVO_TO and
 * PLIVO_TRIGGER_SOURCE set, the same workflow talks to Plivo itself (a real call must be live).
 */
import { runWorkflow } from '../tooling/engine';
import { DEFAULT_ACCOUNT, DEMO, startSimulator, type Simulator } from '../simulator';

interface Target {
	credential: Record<string, string>;
	phloId: string;
	nodeId: string;
	to: string;
	triggerSource: string;
	simulator?: Simulator;
}

async function chooseTarget(): Promise<Target> {
	const env = process.env;
	const real = [
		'PLIVO_AUTH_ID',
		'PLIVO_AUTH_TOKEN',
		'PLIVO_PHLO_ID',
		'PLIVO_NODE_ID',
		'PLIVO_TO',
		'PLIVO_TRIGGER_SOURCE',
	];
	const given = real.filter((name) => env[name]);
	if (given.length === real.length) {
		return {
			credential: {
				authId: env.PLIVO_AUTH_ID!,
				authToken: env.PLIVO_AUTH_TOKEN!,
				environment: 'production',
			},
			phloId: env.PLIVO_PHLO_ID!,
			nodeId: env.PLIVO_NODE_ID!,
			to: env.PLIVO_TO!,
			triggerSource: env.PLIVO_TRIGGER_SOURCE!,
		};
	}
	if (given.length > 0) {
		throw new Error(
			`To talk to Plivo itself set all of ${real.join(', ')} (missing: ${real.filter((n) => !env[n]).join(', ')})`,
		);
	}
	const simulator = await startSimulator();
	return {
		credential: { ...DEFAULT_ACCOUNT, environment: 'custom', baseUrl: simulator.url },
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		to: DEMO.specialist,
		triggerSource: DEMO.agent,
		simulator,
	};
}

function describeCall(simulator: Simulator, phloId: string, nodeId: string): string {
	const call = simulator.getCall(phloId, nodeId) as {
		members: Array<{ address: string; role: string; status: string }>;
	};
	const words: Record<string, string> = {
		connected: 'on the call',
		on_hold: 'on hold, hearing hold music',
		private: 'talking privately',
		left: 'has left the call',
	};
	return call.members
		.map(
			(member) =>
				`    ${member.address.padEnd(16)} ${member.role.padEnd(9)} ${words[member.status] ?? member.status}`,
		)
		.join('\n');
}

async function main(): Promise<void> {
	const target = await chooseTarget();
	const where = target.simulator
		? `the PHLO simulator at ${target.simulator.url}`
		: 'Plivo (phlorunner.plivo.com)';
	console.log(`Helpdesk escalation demo, talking to ${where}\n`);
	try {
		if (target.simulator) {
			console.log('The call before the escalation:');
			console.log(describeCall(target.simulator, target.phloId, target.nodeId));
			console.log('');
		}
		const result = await runWorkflow({
			nodes: [
				{
					id: 'trigger',
					name: 'Helpdesk ticket escalated',
					type: 'test.items',
					typeVersion: 1,
					position: [0, 0],
					parameters: {
						items: JSON.stringify([
							{
								ticket: 'INC-1042',
								priority: 'P1',
								agent: target.triggerSource,
								onCallSpecialist: target.to,
							},
						]),
					},
				},
				{
					id: 'transfer',
					name: 'Warm transfer to specialist',
					type: 'n8n-nodes-plivo-phlo.plivoPhlo',
					typeVersion: 1,
					position: [250, 0],
					parameters: {
						resource: 'multiPartyCall',
						operation: 'warmTransfer',
						phloId: target.phloId,
						nodeId: target.nodeId,
						to: '={{ $json.onCallSpecialist }}',
						role: 'agent',
						triggerSource: '={{ $json.agent }}',
					},
					credentials: { plivoPhloApi: { id: 'demo', name: 'Plivo PHLO (demo)' } },
				},
			],
			connections: {
				'Helpdesk ticket escalated': {
					main: [[{ node: 'Warm transfer to specialist', type: 'main', index: 0 }]],
				},
			},
			credentials: {
				demo: {
					id: 'demo',
					name: 'Plivo PHLO (demo)',
					type: 'plivoPhloApi',
					data: target.credential,
				},
			},
		});

		if (target.simulator) {
			const request = target.simulator.requests.at(-1)!;
			console.log('1. The request the node sent:');
			console.log(`    ${request.method} ${request.path}`);
			console.log(`    ${request.rawBody}\n`);
		}
		const error = result.nodeError('Warm transfer to specialist') ?? result.error;
		if (error) {
			console.log(`2. Plivo refused it: ${error.message}`);
			if ('description' in error && error.description) console.log(`    ${error.description}`);
			process.exitCode = 1;
			return;
		}
		const [item] = result.output('Warm transfer to specialist');
		console.log("2. Plivo's answer, as the node outputs it for the next step of the workflow:");
		console.log(JSON.stringify(item.json, null, 2).replace(/^/gm, '    '));
		if (target.simulator) {
			console.log('\n3. The call afterwards:');
			console.log(describeCall(target.simulator, target.phloId, target.nodeId));
			console.log(
				'\nThe agent is now briefing the specialist while the customer hears hold music. Next steps a workflow could take:',
			);
			console.log(
				'    Member → Resume Call (agent rejoins, three-way), Abort Transfer, or Hang Up the agent to hand over.',
			);
		}
	} finally {
		await target.simulator?.close();
	}
}

main().catch((error: Error) => {
	console.error(`The demo failed: ${error.message}`);
	process.exitCode = 1;
});
