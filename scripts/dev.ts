/**
 * `npm run dev`: the cached real n8n on loopback with this working copy loaded as a custom
 * extension (node type CUSTOM.plivoPhlo), the PHLO simulator beside it and a credential for it
 * already imported. `tsc --watch` and the icon copy rebuild dist/ on every save and n8n reloads
 * the node from it in place: reopen the node (or reload the page) to see an edit, no restart.
 * Prints the editor URL and the owner login; Ctrl-C stops everything. The n8n data lives in
 * .e2e-tmp/dev (git-ignored) so workflows survive a restart; `npm run dev -- --fresh` starts from
 * nothing. The trigger's loop example is published, and a line of digits typed here is the
 * caller pressing them in the simulator's PHLO.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { DEFAULT_ACCOUNT, DEMO, startSimulator } from '../simulator';
import { prepareDevReload, startDevBuild } from '../tooling/n8n/devBuild';
import { startFakeOpenAi } from '../tooling/n8n/fakeOpenAi';
import {
	importCredential,
	importOpenAiCredential,
	importWorkflows,
} from '../tooling/n8n/importing';
import { ensureN8n, N8nHome } from '../tooling/n8n/n8n';
import { ROOT, SCRATCH } from '../tooling/n8n/paths';
import { preferredPort } from '../tooling/n8n/ports';
import { cleanUp, handleSignals, onCleanup } from '../tooling/n8n/processes';
import { N8nRest, OWNER } from '../tooling/n8n/rest';
import { CURRENT } from '../tooling/n8n/versions';
import {
	exampleWorkflows,
	OPENAI_CREDENTIAL,
	triggerExampleWorkflow,
} from '../tooling/workflows/examples';
import { importPhloSecret, loopExampleUrl, loopPhloStep } from '../tooling/workflows/triggerLoop';

async function main(): Promise<void> {
	handleSignals();
	const userFolder = join(SCRATCH, 'dev');
	if (process.argv.includes('--fresh')) rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });

	console.log(
		`n8n ${CURRENT.version}: checking the cache (the first run installs it, a few minutes)`,
	);
	const install = await ensureN8n(CURRENT);
	console.log('building the working copy (tsc --watch and the icon copy keep it built)');
	// A clean dist/ so no file of a deleted source is loaded.
	rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
	const build = await startDevBuild(ROOT, (line) => {
		if (/error TS|Found [1-9]/.test(line)) console.log(`  ${line}`);
	});
	onCleanup(build.stop);

	const simulator = await startSimulator({ host: '127.0.0.1', port: await preferredPort(8700) });
	onCleanup(() => simulator.close());
	const home = new N8nHome(install, userFolder);
	await importCredential(home, simulator.url, DEFAULT_ACCOUNT);
	// The examples, on this build's node type, with the AI one on a loopback stand-in for OpenAI.
	const openAi = await startFakeOpenAi();
	onCleanup(openAi.close);
	await importOpenAiCredential(home, OPENAI_CREDENTIAL, openAi.url);
	await importWorkflows(home, exampleWorkflows('CUSTOM.'));
	// The trigger's loop example, published so its production URL is live at start.
	const devEnv = prepareDevReload(join(ROOT, 'dist'));
	const loop = triggerExampleWorkflow('CUSTOM.');
	await importPhloSecret(home);
	await importWorkflows(home, [loop]);
	const published = await home.cli(['publish:workflow', `--id=${loop.id}`], devEnv);
	if (published.code !== 0) console.log('  (the trigger loop example could not be published)');

	const server = await home.start(devEnv, await preferredPort(5678));
	onCleanup(server.stop);
	const rest = new N8nRest(server.url);
	await rest.setupOwner().catch(() => rest.login());

	console.log(`
  n8n editor   ${server.url}
  login        ${OWNER.email} / ${OWNER.password}
  simulator    ${simulator.url}  (credential "Plivo PHLO simulator" is ready)
  seeded call  PHLO ID ${DEMO.phloId}
               Multi-Party Call Node ID ${DEMO.nodeId}
               customer ${DEMO.customer}, agent ${DEMO.agent}; try specialist ${DEMO.specialist}
  examples     the three workflows of examples/ are imported: open one, press "Execute workflow"
  n8n log      ${server.log}

  trigger loop the published "Caller presses 1" example: type 1 and Enter here and the
               simulator's PHLO calls it as its HTTP Request step would; the answer it got prints
               here (or POST ${simulator.url}/__sim/events {"event":"phloStep","fields":{"digits":"1"}})

  Edit nodes/ or credentials/: tsc rebuilds dist/ and n8n reloads the node (reopen it in the
  editor to see the change; compile errors are printed here). Ctrl-C stops everything.`);
	simulator.callbacks.setPhloStep(loopPhloStep(loopExampleUrl(server.url)));
	pressKeys(simulator);
	await new Promise(() => undefined);
}

/** A line of digits on stdin: the caller pressed them in the PHLO, which asks the loop example. */
function pressKeys(simulator: Awaited<ReturnType<typeof startSimulator>>): void {
	createInterface({ input: process.stdin }).on('line', (line) => {
		const digits = line.trim();
		if (!/^[0-9*#]+$/.test(digits)) return;
		void simulator.callbacks.fire({ event: 'phloStep', fields: { digits } }).then(([sent]) => {
			const answer = sent.error ?? `${sent.status} ${sent.answer}`;
			console.log(`  caller pressed ${digits}: n8n answered the PHLO ${answer}`);
		});
	});
}

main().catch(async (error) => {
	console.error(`npm run dev failed: ${(error as Error).message}`);
	await cleanUp();
	process.exit(1);
});
