/**
 * The editor in a real browser: sign in as the owner, add "Plivo PHLO" to a new workflow, pick
 * Multi-Party Call → Warm Transfer and check the fields it needs are shown with their labels and
 * descriptions; then create the credential in the UI and have n8n test it against the simulator.
 */
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { openBrowser } from '../../../tooling/n8n/browser';
import { ROOT } from '../../../tooling/n8n/paths';
import type { Account } from '../../../tooling/n8n/importing';
import { editorLineOf, type EditorLine } from '../lib/editorLine';
import type { Report } from '../lib/report';
import { OWNER } from '../../../tooling/n8n/rest';

export const SCREENSHOTS = {
	nodePanel: join(ROOT, 'docs/screenshots/node-panel.png'),
	credential: join(ROOT, 'docs/screenshots/credential.png'),
};

/** The fields Warm Transfer needs, with the labels users see. */
const WARM_TRANSFER_FIELDS: Record<string, string> = {
	phloId: 'PHLO ID',
	nodeId: 'Multi-Party Call Node ID',
	to: 'To',
	role: 'Role',
	triggerSource: 'Trigger Source',
};

interface EditorInput {
	url: string;
	simulatorUrl: string;
	account: Account;
	profileDir: string;
	/** Field descriptions by name, as n8n lists them for the node type. */
	descriptions: Record<string, string>;
	/** Refresh docs/screenshots (the newest line's editor is the one the README shows). */
	screenshots?: boolean;
}

export async function checkEditor(input: EditorInput, report: Report): Promise<void> {
	const editor = await editorLineOf(input.url);
	const context = await openBrowser(input.profileDir);
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await signIn(page, input.url);
		await addWarmTransferNode(page, input.url, editor);
		report.equal(
			'the node panel opens on Multi-Party Call → Warm Transfer',
			[await shownOption(page, 'resource'), await shownOption(page, 'operation')],
			['Multi-Party Call', 'Warm Transfer'],
		);
		for (const [name, label] of Object.entries(WARM_TRANSFER_FIELDS)) {
			await checkField(page, editor, name, label, input.descriptions[name], report);
		}
		await page.mouse.move(0, 0);
		if (input.screenshots !== false) await page.screenshot({ path: SCREENSHOTS.nodePanel });
		await createCredential(page, input.simulatorUrl, input.account, report);
		await page.mouse.move(0, 0);
		if (input.screenshots !== false) await page.screenshot({ path: SCREENSHOTS.credential });
	} finally {
		await context.close();
	}
}

export async function signIn(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/signin`);
	await page.locator('input[type=email], input[name=emailOrLdapLoginId]').first().fill(OWNER.email);
	await page.locator('input[type=password]').fill(OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((address) => !address.pathname.includes('signin'));
}

async function addWarmTransferNode(page: Page, url: string, editor: EditorLine): Promise<void> {
	await page.goto(`${url}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click({ timeout: editor.loadTimeoutMs });
	await page.getByTestId('node-creator-search-bar').fill('Plivo PHLO');
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: /^Plivo PHLO$/ })
		.first()
		.click();
	// With the trigger in the package, an empty workflow's node creator lists the app's triggers
	// first and its actions in a collapsed section below them.
	const action = page.getByText('Warm transfer a caller', { exact: true }).first();
	if (!(await action.isVisible()))
		await page
			.getByText(/^\s*Actions \(\d+\)/)
			.first()
			.click();
	await action.click();
	await page.getByTestId('parameter-input-triggerSource').waitFor();
}

/** The option an options parameter shows in the open node panel, as the user reads it. */
async function shownOption(page: Page, name: string): Promise<string> {
	const input = page.getByTestId(`parameter-input-${name}`).locator('input').first();
	return (await input.count()) === 1 ? input.inputValue() : '';
}

async function checkField(
	page: Page,
	editor: EditorLine,
	name: string,
	label: string,
	description: string | undefined,
	report: Report,
): Promise<void> {
	const item = page
		.getByTestId('parameter-item')
		.filter({ has: page.getByTestId(`parameter-input-${name}`) });
	const shown = (await item.count()) === 1 && (await item.isVisible());
	report.check(`field ${name} is shown`, shown, `no visible parameter-input-${name}`);
	if (!shown) return;
	// The label's first line; the Fixed/Expression switch and a required star follow it.
	const labelText = (await item.locator('label').first().innerText()).split('\n')[0];
	report.equal(
		`field ${name} has the label "${label}"`,
		labelText.replace(/\s*\*?\s*$/, ''),
		label,
	);
	// The description is the tooltip of the label's help icon.
	await item.locator('label').first().hover();
	await item.locator('[data-icon="circle-help"]').first().hover();
	const tooltip = editor.tooltip(page, description ?? '');
	const visible = await tooltip
		.first()
		.waitFor({ timeout: 5000 })
		.then(() => true)
		.catch(() => false);
	report.check(
		`field ${name} shows its description`,
		Boolean(description) && visible,
		`expected a tooltip with ${JSON.stringify(description)}`,
	);
	await page.mouse.move(0, 0);
}

async function createCredential(
	page: Page,
	simulatorUrl: string,
	account: Account,
	report: Report,
): Promise<void> {
	// The editor's credential calls, for a failure's detail.
	const calls: string[] = [];
	const started = Date.now();
	page.on('response', (response) => {
		const { pathname } = new URL(response.url());
		if (pathname.startsWith('/rest/credentials'))
			calls.push(
				`${response.request().method()} ${pathname} ${response.status()} at ${Date.now() - started} ms`,
			);
	});
	await page.getByTestId('node-credentials-select').click();
	await page.getByTestId('node-credentials-select-item-new').click();
	const input = (name: string) => page.getByTestId(`parameter-input-${name}`).locator('input');
	await input('authId').fill(account.authId);
	await input('authToken').fill('not-the-token');
	await page.getByTestId('parameter-input-environment').click();
	await page.getByRole('option', { name: 'Custom Server' }).click();
	await input('baseUrl').fill(simulatorUrl);

	// n8n tests a credential when it is saved. Each save waits for that test's answer before
	// looking for a banner: on a loaded machine the test can take longer than a banner wait, and
	// the failure banner of the first save stays up until the second test answers.
	const saveAndTest = async (): Promise<string> => {
		const tested = page.waitForResponse(
			(response) => new URL(response.url()).pathname === '/rest/credentials/test',
			{ timeout: 60_000 },
		);
		await page.getByRole('button', { name: 'Save' }).click();
		return tested.then(
			async (response) => `n8n's test answered ${response.status()} ${await response.text()}`,
			() => 'no credential test within 60 s',
		);
	};
	const afterWrong = await saveAndTest();
	const failed = page.getByText('Couldn’t connect with these settings');
	report.check(
		'a wrong Auth Token: the credential test fails in the editor',
		await failed.waitFor({ timeout: 20_000 }).then(
			() => true,
			() => false,
		),
		`no "Couldn’t connect" banner after saving a wrong token; ${afterWrong}`,
	);

	await input('authToken').fill(account.authToken);
	const afterRight = await saveAndTest();
	// A passing test shows the success banner; opened from the node panel, the dialog may then
	// close and leave the new credential selected in the node.
	// The credential modal by its own test id: a text filter on dialogs also matched the node
	// panel once it showed the saved credential's name, and that strict-mode error ended the race.
	// Promise.any waits for the first outcome that happens, not the first wait that fails.
	const success = page.getByTestId('credentials-config-container-test-success');
	const dialog = page.getByTestId('credential-edit-dialog');
	const outcome = await Promise.any([
		success.waitFor({ timeout: 20_000 }).then(() => 'banner'),
		dialog.waitFor({ state: 'hidden', timeout: 20_000 }).then(() => 'closed'),
	]).catch(() => 'neither');
	if (outcome === 'closed') {
		// Reopen it from the node panel to show its tested state.
		await page
			.getByTestId('node-credentials-select')
			.locator('..')
			.locator('[data-icon]')
			.last()
			.click();
		await success.waitFor({ timeout: 20_000 }).catch(() => undefined);
	}
	report.check(
		'the right Auth Token: the credential test succeeds in the editor',
		outcome === 'banner' || (outcome === 'closed' && (await success.isVisible())),
		`outcome ${outcome}; ${afterRight}; calls: ${calls.join(', ')}; ` +
			`dialog says: ${(await dialog.innerText().catch(() => '')).slice(0, 600)}`,
	);
}
