/**
 * The pace alone under each kind of limit (`npm run build && npx tsx bench/paceStorm.ts`): N
 * one-item Run PHLO executions started at once in one process through n8n-core's engine (no HTTP
 * intake, no database, so a loaded machine slows n8n's webhooks but not this), against the
 * simulator's limiter at 5 a second. Counted at the simulator: lost, doubled, 429s, and the time
 * from the start to the last run over the least possible, N ÷ limit. PACE_STORM_COUNT changes N.
 */
import { join } from 'node:path';

import type * as Pacer from '../nodes/PlivoPhlo/pace/accountPace';
import { DEFAULT_ACCOUNT, DEMO, startSimulator } from '../simulator';
import { itemsInto, runWorkflow } from '../tooling/engine';
import { PACKAGE_ROOT } from '../tooling/engine/nodeTypes';
import { describeLimit, type StormLimit } from '../tooling/n8n/storm';

const COUNT = Math.max(1, Number(process.env.PACE_STORM_COUNT) || 300);
const PER_SECOND = 5;
const KINDS: StormLimit[] = [
	{},
	{ windowSeconds: 5 },
	{ kind: 'fixed' },
	{ kind: 'bucket', burst: PER_SECOND },
];

async function main(): Promise<void> {
	// The built node's own module instance, as the engine loads it: each kind starts on a fresh pace.
	const pacer = require(
		join(PACKAGE_ROOT, 'dist/nodes/PlivoPhlo/pace/accountPace'),
	) as typeof Pacer;
	const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
	const rows: string[] = [];
	try {
		for (const limit of KINDS) {
			simulator.reset();
			pacer.forgetAccountPaces();
			simulator.setRateLimit({ perSecond: PER_SECOND, ...limit });
			const started = Date.now();
			const runs = await Promise.all(
				Array.from({ length: COUNT }, (_, i) =>
					runWorkflow({
						...itemsInto([{ contact: `storm-${i}` }], {
							id: 'plivo',
							name: 'Plivo PHLO',
							type: 'n8n-nodes-plivo-phlo.plivoPhlo',
							typeVersion: 1,
							parameters: {
								resource: 'phlo',
								operation: 'run',
								phloId: DEMO.phloId,
								payloadType: 'fields',
								payloadFields: { field: [{ key: 'contact', value: '={{ $json.contact }}' }] },
								options: {},
							},
							credentials: { plivoPhloApi: { id: 'cred', name: 'Plivo PHLO' } },
						}),
						credentials: {
							cred: {
								id: 'cred',
								name: 'Plivo PHLO',
								type: 'plivoPhloApi',
								data: { ...DEFAULT_ACCOUNT, environment: 'custom', baseUrl: simulator.url },
							},
						},
					}),
				),
			);
			const seconds = (Date.now() - started) / 1000;
			const processed = simulator.requests.filter((r) => r.processed);
			const contacts = processed.map((r) => (JSON.parse(r.rawBody) as { contact: string }).contact);
			const failed = runs.filter((run) => run.error || run.nodeError('Plivo PHLO')).length;
			const lost = COUNT - new Set(contacts).size;
			const doubled = contacts.length - new Set(contacts).size;
			const refused = simulator.requests.filter((r) => r.status === 429).length;
			const ratio = seconds / (COUNT / PER_SECOND);
			rows.push(
				`| ${describeLimit(PER_SECOND, limit)} | ${COUNT} | ${failed} | ${lost} | ${doubled} | ${refused} | ${seconds.toFixed(1)} s | ${ratio.toFixed(2)} |`,
			);
			console.log(rows.at(-1));
		}
	} finally {
		await simulator.close();
	}
	console.log(
		`\n${COUNT} one-item executions at once through n8n's engine, ${PER_SECOND} requests/s\n`,
	);
	console.log(
		'| limit | executions | failed | lost | doubled | 429s | time | time / (N ÷ limit) |',
	);
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const row of rows) console.log(row);
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		console.error(error);
		process.exit(1);
	},
);
