/**
 * End-to-end suite (`npm run e2e`): the packed package installed in real n8n the way n8n installs
 * community nodes, driven by n8n's CLI, its REST API and its editor in a browser, against the
 * PHLO simulator, on each pinned n8n line (tooling/n8n/versions.ts; `E2E_LINES=1.x` or
 * `E2E_LINES=current,2.0.3` picks some; `E2E_SCENARIOS=<regular expression>` some scenarios). Each phase is timed; the last line is
 * `N passed, M failed`; exit code 1 on any failure.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import { ensureChromium } from '../../tooling/n8n/chromium';
import { startFakeOpenAi, type FakeOpenAi } from '../../tooling/n8n/fakeOpenAi';
import {
	importCredential,
	importOpenAiCredential,
	importWorkflows,
	publishOnceRunning,
	publishWorkflows,
} from '../../tooling/n8n/importing';
import { ensureN8n, N8nHome, type N8nInstall } from '../../tooling/n8n/n8n';
import { buildAndPack, installInto } from '../../tooling/n8n/package';
import { scratchDir } from '../../tooling/n8n/paths';
import { cleanUp, handleSignals, onCleanup } from '../../tooling/n8n/processes';
import { Report } from './lib/report';
import { N8nRest } from '../../tooling/n8n/rest';
import { startLoopbackSimulator } from './lib/simulator';
import { CURRENT, selectLines, type N8nLine } from '../../tooling/n8n/versions';
import { checkDevReload } from './scenarios/devReload';
import { checkEditor } from './scenarios/editor';
import { checkCredentialTestRules } from './scenarios/credentialTest';
import { checkCredentialTest, checkNodeList } from './scenarios/rest';
import { checkExamples } from './scenarios/examples';
import { checkHints, HINT_WORKFLOWS } from './scenarios/hints';
import { checkPhloIdForms, PHLO_ID_WORKFLOW } from './scenarios/phloIdLocator';
import { checkTryIt } from './scenarios/tryIt';
import { checkHostileServer, HOSTILE_WORKFLOWS } from './scenarios/hostile';
import { exampleWorkflows, OPENAI_CREDENTIAL } from '../../tooling/workflows/examples';
import {
	checkRetryOnFail,
	checkRunIdentity,
	RETRY_ON_FAIL_WORKFLOW,
	RUN_IDENTITY_WORKFLOWS,
} from './scenarios/retryOnFail';
import { checkParticipantChain, PARTICIPANT_CHAIN_WORKFLOW } from './scenarios/participantChain';
import { checkCancel, CANCEL_WORKFLOW } from './scenarios/cancel';
import {
	checkStormQueue,
	checkStormRegular,
	prepareQueueStorm,
	stormWorkflowFor,
} from './scenarios/storm';
import { checkWorkflows, WORKFLOWS } from './scenarios/workflows';
import { checkTrigger, TRIGGER_SCENARIO } from './scenarios/trigger';
import type { Workflow } from '../../tooling/workflows/builders';
import { DEFAULT_ACCOUNT } from '../../simulator';

const report = new Report();

type Simulator = Awaited<ReturnType<typeof startLoopbackSimulator>>;

/** What a scenario gets: the line, its n8n user folder, the simulator and, once started, n8n. */
interface LineRun {
	line: N8nLine;
	home: N8nHome;
	simulator: Simulator;
	openAi: FakeOpenAi;
	tmp: string;
	/** The running n8n (server scenarios only). */
	server?: { url: string; rest: N8nRest; stop(): Promise<void> };
	/** The node's field descriptions as n8n lists them (the editor checks them). */
	descriptions: Record<string, string>;
}

/**
 * One scenario of a line. `workflows` are imported before the line's checks and `live` ones
 * published so their webhooks listen at `n8n start`. A 'cli' scenario runs workflows with
 * `n8n execute`; a 'server' one talks to the running n8n. `on` limits it to some lines.
 */
interface Scenario {
	name: string;
	stage: 'cli' | 'server';
	workflows?: (run: Omit<LineRun, 'home'>) => Workflow[];
	live?: (run: Omit<LineRun, 'home'>) => Workflow[];
	on?: (line: N8nLine) => boolean;
	check: (run: LineRun) => Promise<unknown>;
}

const isCurrent = (line: N8nLine) => line.version === CURRENT.version;
/** E2E_SCENARIOS (a regular expression on scenario names) runs only some, while working on them. */
const chosen = (name: string) => new RegExp(process.env.E2E_SCENARIOS ?? '').test(name);

/** Every scenario, in the order each line runs them. Append new ones here. */
const SCENARIOS: Scenario[] = [
	{
		name: 'workflows (n8n execute)',
		stage: 'cli',
		workflows: () => Object.values(WORKFLOWS),
		check: (r) => checkWorkflows(r.home, r.simulator, report),
	},
	{
		name: 'Retry On Fail (n8n execute)',
		stage: 'cli',
		workflows: () => [RETRY_ON_FAIL_WORKFLOW],
		check: (r) => checkRetryOnFail(r.home, r.simulator, report),
	},
	{
		name: 'PHLO ID saved as 0.1.0 did and as a resource locator',
		stage: 'cli',
		workflows: () => [PHLO_ID_WORKFLOW],
		check: (r) => checkPhloIdForms(r.home, r.simulator, report),
	},
	{
		name: 'execution hints (n8n execute)',
		stage: 'cli',
		workflows: () => Object.values(HINT_WORKFLOWS),
		check: (r) => checkHints(r.home, r.simulator, report),
	},
	{
		name: 'examples/ (n8n execute)',
		stage: 'cli',
		workflows: () => exampleWorkflows(),
		check: (r) => checkExamples(r.home, r.simulator, r.openAi, report),
	},
	{
		name: 'a hostile server (n8n execute)',
		stage: 'cli',
		workflows: () => Object.values(HOSTILE_WORKFLOWS),
		check: (r) => checkHostileServer(r.home, r.simulator, report),
	},
	{
		name: 'node list and credential test (REST)',
		stage: 'server',
		check: async (r) => {
			r.descriptions = await checkNodeList(r.server!.rest, report);
			await checkCredentialTest(r.server!.rest, r.simulator, DEFAULT_ACCOUNT, report);
			await checkCredentialTestRules(r.server!.rest, r.simulator, DEFAULT_ACCOUNT, report);
		},
	},
	{
		name: 'editor in chromium',
		stage: 'server',
		on: (line) => line.editor,
		check: async (r) =>
			checkEditor(
				{
					url: r.server!.url,
					simulatorUrl: r.simulator.url,
					account: DEFAULT_ACCOUNT,
					profileDir: join(r.tmp, `chromium-profile-${r.line.version}`),
					descriptions: r.descriptions,
					screenshots: isCurrent(r.line),
				},
				report,
			),
	},
	{
		name: `the README's "Try it" clicks in chromium`,
		stage: 'server',
		on: (line) => line.editor,
		check: (r) =>
			checkTryIt(
				{
					url: r.server!.url,
					profileDir: join(r.tmp, `chromium-try-it-${r.line.version}`),
					simulator: r.simulator,
				},
				report,
			),
	},
	{
		name: 'webhook storm, regular mode',
		stage: 'server',
		on: isCurrent,
		live: (r) => [stormWorkflowFor(r.simulator.url)],
		check: (r) => checkStormRegular(r.server!.url, r.simulator, report),
	},
	// Promises where n8n's own code decides (Retry On Fail, continue-on-fail).
	{
		name: 'Run PHLO payload expressions under Retry On Fail (n8n execute)',
		stage: 'cli',
		workflows: () => Object.values(RUN_IDENTITY_WORKFLOWS),
		check: (r) => checkRunIdentity(r.home, r.simulator, report),
	},
	{
		name: "a participant's chain under continue-on-fail (n8n execute)",
		stage: 'cli',
		workflows: () => [PARTICIPANT_CHAIN_WORKFLOW],
		check: (r) => checkParticipantChain(r.home, r.simulator, report),
	},
	// Last: it stops the shared n8n and starts one at debug level.
	{
		name: 'an execution cancelled while it waits (REST)',
		stage: 'server',
		live: () => [CANCEL_WORKFLOW],
		check: (r) => checkCancel(r.home, r.server!, r.simulator, report),
	},
];

async function main(): Promise<void> {
	handleSignals();
	const started = Date.now();
	const lines = selectLines(process.env.E2E_LINES);
	const tmp = scratchDir('e2e');
	if (!process.env.E2E_KEEP) onCleanup(() => rmSync(tmp, { recursive: true, force: true }));
	const names = lines.map((line) => `${line.version} (Node ${line.node})`).join(', ');
	console.log(`n8n ${names}; scratch ${tmp}`);

	// Slow downloads that later phases need run in the background from the start; the lines
	// install one after the other (each once into the cache), the first while the package builds.
	const chromium = lines.some((line) => line.editor) ? ensureChromium() : Promise.resolve();
	chromium.catch(() => undefined);
	const installs = new Map<N8nLine, Promise<N8nInstall>>();
	let previous: Promise<unknown> = Promise.resolve();
	for (const line of lines) {
		const install = previous.catch(() => undefined).then(() => ensureN8n(line));
		install.catch(() => undefined);
		installs.set(line, install);
		previous = install;
	}

	const tarball = await report.phase('build and npm pack', () => buildAndPack(tmp));
	const simulator = await report.phase('start the simulator', startLoopbackSimulator);
	const openAi = await report.phase('start the stand-in OpenAI', async () => {
		const server = await startFakeOpenAi();
		onCleanup(server.close);
		return server;
	});
	if (!tarball || !simulator || !openAi) return finish(started);
	console.log(`  simulator at ${simulator.url}, stand-in OpenAI at ${openAi.url}`);

	for (const line of lines) {
		const install = await report.phase(`install n8n ${line.version} (Node ${line.node})`, () =>
			installs.get(line)!,
		);
		if (!install) continue;
		await runLine({ line, simulator, openAi, tmp, descriptions: {} }, install, tarball);
		// The trigger in its own n8n, behind a WEBHOOK_URL it does not listen on.
		if (chosen(TRIGGER_SCENARIO))
			await report.phase(`n8n ${install.version}: ${TRIGGER_SCENARIO}`, () =>
				checkTrigger(
					install,
					tarball,
					join(tmp, `n8n-${install.version}-trigger`),
					simulator,
					report,
				),
			);
		if (isCurrent(line)) await runCurrentOnly(install, tarball, simulator, tmp);
	}
	return finish(started);
}

/** One n8n line: the package, credentials and workflows imported, the CLI then the server checks. */
async function runLine(base: Omit<LineRun, 'home'>, install: N8nInstall, tarball: string) {
	const v = install.version;
	const scenarios = SCENARIOS.filter(
		(scenario) => (scenario.on?.(base.line) ?? true) && chosen(scenario.name),
	);
	const live = scenarios.flatMap((scenario) => scenario.live?.(base) ?? []);
	const home = await report.phase(
		`n8n ${v}: install package, import credential and workflows`,
		async () => {
			const home = new N8nHome(install, join(base.tmp, `n8n-${v}`));
			await installInto(home.userFolder, tarball);
			await importCredential(home, base.simulator.url, DEFAULT_ACCOUNT);
			await importOpenAiCredential(home, OPENAI_CREDENTIAL, base.openAi.url);
			const all = scenarios.flatMap((scenario) => scenario.workflows?.(base) ?? []);
			await importWorkflows(home, [...all, ...live]);
			await publishWorkflows(home, live);
			return home;
		},
	);
	if (!home) return;
	const run: LineRun = { ...base, home };
	for (const scenario of scenarios.filter((s) => s.stage === 'cli')) {
		await report.phase(`n8n ${v}: ${scenario.name}`, () => scenario.check(run));
	}
	const server = await report.phase(`n8n ${v}: n8n start, owner setup`, async () => {
		const server = await home.start();
		onCleanup(server.stop);
		const rest = new N8nRest(server.url);
		await rest.setupOwner();
		await publishOnceRunning(home, rest, live);
		return { server, rest };
	});
	if (!server) return;
	run.server = { url: server.server.url, rest: server.rest, stop: server.server.stop };
	for (const scenario of scenarios.filter((s) => s.stage === 'server')) {
		await report.phase(`n8n ${v}: ${scenario.name}`, () => scenario.check(run));
	}
	await server.server.stop();
}

/** The checks that need only one line: the dev loop and queue mode, on the newest. */
async function runCurrentOnly(
	install: N8nInstall,
	tarball: string,
	simulator: Simulator,
	tmp: string,
) {
	const v = install.version;
	if (!chosen('npm run dev reloads; queue mode')) return;
	await report.phase(`n8n ${v}: npm run dev reloads an edited node`, () =>
		checkDevReload(install, join(tmp, 'dev-reload'), report),
	);
	const queue = await report.phase(
		`n8n ${v}: queue mode set-up (Redis, PostgreSQL, package, published webhook)`,
		() => prepareQueueStorm(install, tarball, join(tmp, `n8n-${v}-queue`), simulator),
	);
	if (queue)
		await report.phase(`n8n ${v}: webhook storm, queue mode (main + 2 workers)`, () =>
			checkStormQueue(queue, simulator, report),
		);
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
