/**
 * The README's "Try it" clicks, in a real browser: for each example with a manual path, open the
 * imported workflow, press the button the README names (Execute workflow), and see the success
 * node run on the canvas and the simulator's call change. Also takes the README's screenshots of
 * the node on the canvas and of the nodes panel searched for "PHLO".
 */
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { DEFAULT_ACCOUNT, DEMO } from '../../../simulator';
import { openBrowser } from '../../../tooling/n8n/browser';
import { ROOT } from '../../../tooling/n8n/paths';
import { EXAMPLES } from '../../../tooling/workflows/examples';
import { editorLineOf, type EditorLine } from '../lib/editorLine';
import type { Report } from '../lib/report';
import { signIn } from './editor';
import type { ExampleSimulator } from './examples';

export const TRY_IT_SCREENSHOTS = {
	canvasNode: join(ROOT, 'docs/screenshots/canvas-node.png'),
	nodesPanelSearch: join(ROOT, 'docs/screenshots/nodes-panel-search.png'),
};

/** The button the README tells people to press, as n8n labels it. */
const EXECUTE_WORKFLOW = 'Execute workflow';

interface TryItInput {
	url: string;
	profileDir: string;
	simulator: ExampleSimulator;
}

/** One example's manual path: the node that runs on success and what the simulator must show. */
interface ManualPath {
	example: keyof typeof EXAMPLES;
	success: string;
	notRun?: string;
	simulatorShows: (sim: ExampleSimulator) => [what: string, ok: boolean, detail: string];
}

const member = (sim: ExampleSimulator, address: string) =>
	sim.getCall(DEMO.phloId, DEMO.nodeId).members.find((m) => m.address === address)?.status;

const PATHS: ManualPath[] = [
	{
		example: 'escalation',
		success: 'Specialist Ringing',
		notRun: 'Notify Team Lead',
		simulatorShows: (sim) => {
			// A warm transfer: the specialist talks privately with the agent, the customer waits.
			const status = [member(sim, DEMO.specialist), member(sim, DEMO.customer)];
			const ok = status[0] === 'private' && status[1] === 'on_hold';
			return ['the specialist joins the call privately', ok, `statuses ${status.join(', ')}`];
		},
	},
	{
		example: 'campaign',
		success: 'Campaign Summary',
		simulatorShows: (sim) => {
			const runPath = `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${DEMO.phloId}`;
			const runs = sim.requests.filter((r) => r.path === runPath && r.processed).length;
			return ['four PHLO runs were started', runs === 4, `${runs} runs`];
		},
	},
	{
		example: 'agent',
		success: 'Call Control Agent',
		simulatorShows: (sim) => {
			const status = member(sim, DEMO.customer);
			return ['the customer is on hold', status === 'on_hold', `status ${status}`];
		},
	},
];

export async function checkTryIt(input: TryItInput, report: Report): Promise<void> {
	const editor = await editorLineOf(input.url);
	const context = await openBrowser(input.profileDir);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await signIn(page, input.url);
		for (const path of PATHS) {
			input.simulator.reset();
			await runExample(page, input.url, editor, path, input.simulator, report);
			if (path.example === 'escalation' && editor.screenshots) await shootCanvasNode(page);
		}
		await shootNodesPanelSearch(page, input.url, editor, report);
	} finally {
		await context.close();
	}
}

async function runExample(
	page: Page,
	url: string,
	editor: EditorLine,
	path: ManualPath,
	sim: ExampleSimulator,
	report: Report,
): Promise<void> {
	const name = path.example;
	await page.goto(`${url}/workflow/${EXAMPLES[name][1]}`);
	const button = page.getByTestId('execute-workflow-button');
	await button.waitFor({ timeout: editor.loadTimeoutMs });
	report.equal(
		`${name}: the button is labelled "${EXECUTE_WORKFLOW}"`,
		await buttonLabel(page),
		EXECUTE_WORKFLOW,
	);
	await button.click();

	const success = await nodeStatus(page, path.success)
		.waitFor({ timeout: 90_000 })
		.then(() => true)
		.catch(() => false);
	report.check(
		`${name}: pressing it runs "${path.success}"`,
		success,
		`page says: ${(await page.locator('body').innerText()).slice(0, 400)}`,
	);
	if (path.notRun) {
		report.equal(
			`${name}: "${path.notRun}" does not run`,
			await nodeStatus(page, path.notRun).count(),
			0,
		);
	}
	const [what, ok, detail] = path.simulatorShows(sim);
	report.check(`${name}: ${what}`, ok, detail);
}

/** The split button's main half: its visible text, without a trigger name it may add. */
async function buttonLabel(page: Page): Promise<string> {
	const text = await page.getByTestId('execute-workflow-button').innerText();
	return text.split('\n')[0].trim();
}

const canvasNode = (page: Page, name: string) =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

const nodeStatus = (page: Page, name: string) =>
	canvasNode(page, name).locator('[data-test-id="canvas-node-status-success"]');

/** The Plivo PHLO node on the canvas after the escalation ran, with its neighbours. */
async function shootCanvasNode(page: Page): Promise<void> {
	await page.mouse.move(0, 0);
	const box = await canvasNode(page, 'Warm Transfer to Specialist').boundingBox();
	if (!box) return;
	const margin = { x: 260, y: 170 };
	await page.screenshot({
		path: TRY_IT_SCREENSHOTS.canvasNode,
		clip: {
			x: Math.max(0, box.x - margin.x),
			y: Math.max(0, box.y - margin.y),
			width: box.width + 2 * margin.x,
			height: box.height + 2 * margin.y,
		},
	});
}

/** The nodes panel opened on a workflow that has a trigger, searched for "PHLO". */
async function shootNodesPanelSearch(
	page: Page,
	url: string,
	editor: EditorLine,
	report: Report,
): Promise<void> {
	await page.goto(`${url}/workflow/${EXAMPLES.escalation[1]}`);
	await page.getByTestId('node-creator-plus-button').click({ timeout: editor.loadTimeoutMs });
	await page.getByTestId('node-creator-search-bar').fill('PHLO');
	const found = page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Plivo PHLO$/ })
		.first();
	report.check(
		'searching the nodes panel for "PHLO" finds Plivo PHLO',
		await found.waitFor({ timeout: 15_000 }).then(
			() => true,
			() => false,
		),
	);
	if (!editor.screenshots) return;
	await page.mouse.move(0, 0);
	// The panel's top, where the search and its results are; the rest of it is empty.
	const panel = await page.getByTestId('node-creator').boundingBox();
	await page.screenshot({
		path: TRY_IT_SCREENSHOTS.nodesPanelSearch,
		...(panel ? { clip: { ...panel, height: Math.min(panel.height, 360) } } : {}),
	});
}
