/**
 * Only the Plivo PHLO Trigger scenario, on the current n8n line: `npx tsx test/e2e/trigger.ts`.
 * The full suite (`npm run e2e`) runs it too.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { ensureN8n } from '../../tooling/n8n/n8n';
import { buildAndPack } from '../../tooling/n8n/package';
import { scratchDir } from '../../tooling/n8n/paths';
import { cleanUp, handleSignals, onCleanup } from '../../tooling/n8n/processes';
import { CURRENT } from '../../tooling/n8n/versions';
import { Report } from './lib/report';
import { startLoopbackSimulator } from './lib/simulator';
import { checkTrigger } from './scenarios/trigger';

const report = new Report();

async function main(): Promise<void> {
	handleSignals();
	const started = Date.now();
	const tmp = scratchDir('e2e-trigger');
	if (!process.env.E2E_KEEP) onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
	const install = await report.phase(`install n8n ${CURRENT.version}`, () => ensureN8n(CURRENT));
	const tarball = await report.phase('build and npm pack', () => buildAndPack(tmp));
	const simulator = await report.phase('start the simulator', startLoopbackSimulator);
	if (install && tarball && simulator)
		await report.phase(`n8n ${CURRENT.version}: Plivo PHLO Trigger`, () =>
			checkTrigger(install, tarball, join(tmp, 'trigger'), simulator, report),
		);
	await cleanUp();
	report.print(Date.now() - started);
	process.exitCode = report.failed > 0 ? 1 : 0;
}

main().catch(async (error) => {
	report.check('the trigger scenario ran to the end', false, (error as Error).stack);
	await cleanUp();
	report.print(0);
	process.exitCode = 1;
});
