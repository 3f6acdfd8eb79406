/** A headless chromium (Debian's) driven by Playwright, with a fresh profile under the scratch dir. */
import { chromium, selectors, type BrowserContext } from 'playwright-core';

import { CHROMIUM } from './chromium';

const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export async function openBrowser(profileDir: string): Promise<BrowserContext> {
	// n8n's editor marks its elements with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	// Playwright takes the profile folder itself (it refuses --user-data-dir in args).
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: FLAGS,
		viewport: { width: 1440, height: 900 },
	});
	context.setDefaultTimeout(30_000);
	return context;
}
