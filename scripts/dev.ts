/**
 * `npm run dev`: the cached real n8n on loopback with this working copy's build loaded
 * (N8N_CUSTOM_EXTENSIONS → dist/, node type CUSTOM.plivoPhlo, reloaded when dist/ changes), the
 * PHLO simulator beside it and a credential for it already imported. Prints the editor URL and
 * the owner login; Ctrl-C stops both. The n8n data lives in .e2e-tmp/dev (git-ignored) so
 * workflows survive a restart; `npm run dev -- --fresh` starts from nothing.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_ACCOUNT, DEMO, startSimulator } from '../simulator';
import { startFakeOpenAi } from '../tooling/n8n/fakeOpenAi';
import {
	importCredential,
	importOpenAiCredential,
	importWorkflows,
} from '../tooling/n8n/importing';
import { ensureN8n, N8nHome } from '../tooling/n8n/n8n';
import { ROOT, SCRATCH } from '../tooling/n8n/paths';
import { preferredPort } from '../tooling/n8n/ports';
import { cleanUp, handleSignals, mustRun, onCleanup } from '../tooling/n8n/processes';
import { N8nRest, OWNER } from '../tooling/n8n/rest';
import { CURRENT } from '../tooling/n8n/versions';
import { exampleWorkflows, OPENAI_CREDENTIAL } from '../tooling/workflows/examples';

async function main(): Promise<void> {
	handleSignals();
	const userFolder = join(SCRATCH, 'dev');
	if (process.argv.includes('--fresh')) rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });

	console.log(
		`n8n ${CURRENT.version}: checking the cache (the first run installs it, a few minutes)`,
	);
	const install = await ensureN8n(CURRENT);
	console.log('building the working copy (npm run build)');
	await mustRun('npm', ['run', 'build'], { cwd: ROOT });

	const simulator = await startSimulator({ host: '127.0.0.1', port: await preferredPort(8700) });
	onCleanup(() => simulator.close());
	const home = new N8nHome(install, userFolder);
	await importCredential(home, simulator.url, DEFAULT_ACCOUNT);
	// The examples, on this build's node type, with the AI one on a loopback stand-in for OpenAI.
	const openAi = await startFakeOpenAi();
	onCleanup(openAi.close);
	await importOpenAiCredential(home, OPENAI_CREDENTIAL, openAi.url);
	await importWorkflows(home, exampleWorkflows('CUSTOM.'));

	const server = await home.start(
		{ N8N_CUSTOM_EXTENSIONS: join(ROOT, 'dist'), N8N_DEV_RELOAD: 'true' },
		await preferredPort(5678),
	);
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

  Rebuild with \`npm run build\`; n8n reloads the node. Ctrl-C stops n8n and the simulator.`);
	await new Promise(() => undefined);
}

main().catch(async (error) => {
	console.error(`npm run dev failed: ${(error as Error).message}`);
	await cleanUp();
	process.exit(1);
});
