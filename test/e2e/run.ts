/**
 * End-to-end suite (`npm run e2e`): the packed package installed in real n8n the way n8n installs
 * community nodes, driven by n8n's CLI, its REST API and its editor in a browser, against the
 * PHLO simulator; then the same workflows on the oldest n8n line the README claims.
 * Each phase is timed; the last line is `N passed, M failed`; exit code 1 on any failure.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { ensureChromium } from '../../tooling/n8n/chromium';
import { startFakeOpenAi } from '../../tooling/n8n/fakeOpenAi';
import {
	importCredential,
	importOpenAiCredential,
	importWorkflows,
	publishWorkflows,
} from '../../tooling/n8n/importing';
import { ensureN8n, N8nHome, type N8nInstall } from '../../tooling/n8n/n8n';
import { buildAndPack, installInto } from '../../tooling/n8n/package';
import { scratchDir } from '../../tooling/n8n/paths';
import { cleanUp, handleSignals, onCleanup } from '../../tooling/n8n/processes';
import { Report } from './lib/report';
import { N8nRest } from '../../tooling/n8n/rest';
import { startLoopbackSimulator } from './lib/simulator';
import { CURRENT, OLDEST } from '../../tooling/n8n/versions';
import { checkDevReload } from './scenarios/devReload';
import { checkEditor } from './scenarios/editor';
import { checkCredentialTest, checkNodeList } from './scenarios/rest';
import { checkCredentialTestRules } from './scenarios/credentialTest';
import { checkExamples } from './scenarios/examples';
import { checkHints, HINT_WORKFLOWS } from './scenarios/hints';
import { checkPhloIdForms, PHLO_ID_WORKFLOW } from './scenarios/phloIdLocator';
import { checkTryIt } from './scenarios/tryIt';
import { checkHostileServer, HOSTILE_WORKFLOWS } from './scenarios/hostile';
import { exampleWorkflows, OPENAI_CREDENTIAL } from '../../tooling/workflows/examples';
import { checkRetryOnFail, RETRY_ON_FAIL_WORKFLOW } from './scenarios/retryOnFail';
import {
	checkStormQueue,
	checkStormRegular,
	prepareQueueStorm,
	stormWorkflowFor,
} from './scenarios/storm';
import { checkWorkflows, WORKFLOWS } from './scenarios/workflows';
import type { Workflow } from '../../tooling/workflows/builders';
import { DEFAULT_ACCOUNT } from '../../simulator';

const report = new Report();

async function main(): Promise<void> {
	handleSignals();
	const started = Date.now();
	const tmp = scratchDir('e2e');
	if (!process.env.E2E_KEEP) onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
	console.log(
		`n8n ${CURRENT.version} (Node ${CURRENT.node}) and ${OLDEST.version} (Node ${OLDEST.node}); scratch ${tmp}`,
	);

	// Slow downloads that later phases need run in the background from the start.
	const chromium = ensureChromium();
	chromium.catch(() => undefined);
	const current = await report.phase(`install n8n ${CURRENT.version}`, () => ensureN8n(CURRENT));
	const oldest = ensureN8n(OLDEST);
	oldest.catch(() => undefined);

	const tarball = await report.phase('build and npm pack', () => buildAndPack(tmp));
	const simulator = await report.phase('start the simulator', startLoopbackSimulator);
	const openAi = await report.phase('start the stand-in OpenAI', async () => {
		const server = await startFakeOpenAi();
		onCleanup(server.close);
		return server;
	});
	if (!tarball || !simulator || !openAi) return finish(started);
	console.log(`  simulator at ${simulator.url}, stand-in OpenAI at ${openAi.url}`);

	/** One n8n line: the package, credentials and workflows imported, then the CLI checks. */
	const installAndExecute = async (install: N8nInstall, published: Workflow[] = []) => {
		const v = install.version;
		const home = await report.phase(
			`n8n ${v}: install package, import credential and workflows`,
			async () => {
				const home = new N8nHome(install, join(tmp, `n8n-${v}`));
				await installInto(home.userFolder, tarball);
				await importCredential(home, simulator.url, DEFAULT_ACCOUNT);
				await importOpenAiCredential(home, OPENAI_CREDENTIAL, openAi.url);
				const workflows = [
					...Object.values(WORKFLOWS),
					RETRY_ON_FAIL_WORKFLOW,
					PHLO_ID_WORKFLOW,
					...Object.values(HOSTILE_WORKFLOWS),
					...Object.values(HINT_WORKFLOWS),
					...exampleWorkflows(),
					...published,
				];
				await importWorkflows(home, workflows);
				await publishWorkflows(home, published);
				return home;
			},
		);
		if (home) {
			await report.phase(`n8n ${v}: workflows (n8n execute)`, () =>
				checkWorkflows(home, simulator, report),
			);
			await report.phase(`n8n ${v}: Retry On Fail (n8n execute)`, () =>
				checkRetryOnFail(home, simulator, report),
			);
			await report.phase(`n8n ${v}: PHLO ID saved as 0.1.0 did and as a resource locator`, () =>
				checkPhloIdForms(home, simulator, report),
			);
			await report.phase(`n8n ${v}: execution hints (n8n execute)`, () =>
				checkHints(home, simulator, report),
			);
			await report.phase(`n8n ${v}: examples/ (n8n execute)`, () =>
				checkExamples(home, simulator, openAi, report),
			);
			await report.phase(`n8n ${v}: a hostile server (n8n execute)`, () =>
				checkHostileServer(home, simulator, report),
			);
		}
		return home;
	};

	if (current) {
		const v = current.version;
		// The storm's webhook goes live at `n8n start`, for the regular-mode storm after the editor.
		const home = await installAndExecute(current, [stormWorkflowFor(simulator.url)]);
		if (home) {
			const server = await report.phase(`n8n ${v}: n8n start, owner setup`, async () => {
				const server = await home.start();
				onCleanup(server.stop);
				const rest = new N8nRest(server.url);
				await rest.setupOwner();
				return { server, rest };
			});
			if (server) {
				const descriptions = await report.phase(
					`n8n ${v}: node list and credential test (REST)`,
					async () => {
						const descriptions = await checkNodeList(server.rest, report);
						await checkCredentialTest(server.rest, simulator, DEFAULT_ACCOUNT, report);
						await checkCredentialTestRules(server.rest, simulator, DEFAULT_ACCOUNT, report);
						return descriptions;
					},
				);
				const browser = await report.phase('chromium (apt-get when missing)', () => chromium);
				if (browser) {
					await report.phase(`n8n ${v}: editor in chromium`, () =>
						checkEditor(
							{
								url: server.server.url,
								simulatorUrl: simulator.url,
								account: DEFAULT_ACCOUNT,
								profileDir: join(tmp, 'chromium-profile'),
								descriptions: descriptions ?? {},
							},
							report,
						),
					);
					await report.phase(`n8n ${v}: the README's "Try it" clicks in chromium`, () =>
						checkTryIt(
							{ url: server.server.url, profileDir: join(tmp, 'chromium-try-it'), simulator },
							report,
						),
					);
				}
				await report.phase(`n8n ${v}: webhook storm, regular mode`, () =>
					checkStormRegular(server.server.url, simulator, report),
				);
				await server.server.stop();
			}
			await report.phase(`n8n ${v}: npm run dev reloads an edited node`, () =>
				checkDevReload(current, join(tmp, 'dev-reload'), report),
			);
		}
		const queue = await report.phase(
			`n8n ${v}: queue mode set-up (Redis, PostgreSQL, package, published webhook)`,
			() => prepareQueueStorm(current, tarball, join(tmp, `n8n-${v}-queue`), simulator),
		);
		if (queue)
			await report.phase(`n8n ${v}: webhook storm, queue mode (main + 2 workers)`, () =>
				checkStormQueue(queue, simulator, report),
			);
	}

	const old = await report.phase(
		`install n8n ${OLDEST.version} (Node ${OLDEST.node})`,
		() => oldest,
	);
	if (old) await installAndExecute(old);
	return finish(started);
}

async function finish(started: number): Promise<void> {
	await cleanUp();
	report.print(Date.now() - started);
	process.exitCode = report.failed > 0 ? 1 : 0;
}

main().catch(async (error) => {
	report.check('the suite ran to the end', false, (error as Error).stack);
	await finish(Date.now());
});
