/**
 * Where n8n's editor differs between the lines the suite runs, in one place, decided by the
 * version the running n8n reports to its signed-in owner (1.x's public settings omit it), so a
 * scenario needs only its URL.
 */
import type { Locator, Page } from 'playwright-core';

import { N8nRest } from '../../../tooling/n8n/rest';
import { CURRENT, majorOf } from '../../../tooling/n8n/versions';

export interface EditorLine {
	/** n8n's version, as its settings report it. */
	version: string;
	/**
	 * How long a workflow's canvas may take to show after a page load. 1.x's editor shows it only
	 * once it has /types/nodes.json (14.6 MB, brotli-compressed per request by the one n8n
	 * process, fetched again on every page load); on a loaded machine (load average 20 to 24) that
	 * answer took 30 to 40 s and the canvas 58 to 87 s.
	 */
	loadTimeoutMs: number;
	/** The README's screenshots show the newest line's editor; other lines leave them alone. */
	screenshots: boolean;
	/** The open tooltips showing `text` (a field's description under its help icon). */
	tooltip(page: Page, text: string): Locator;
}

/** 1.x: Element Plus tooltips, a popper with role "tooltip" and no test id. */
const ELEMENT_PLUS_TOOLTIP = '.el-popper[role="tooltip"]';

export async function editorLineOf(url: string): Promise<EditorLine> {
	const rest = new N8nRest(url);
	await rest.login();
	const { versionCli: version } = await rest.request<{ versionCli?: string }>(
		'GET',
		'/rest/settings',
	);
	if (!version) throw new Error(`${url}/rest/settings reports no versionCli`);
	const screenshots = version === CURRENT.version;
	if (majorOf(version) === 1)
		return {
			version,
			screenshots,
			loadTimeoutMs: 120_000,
			tooltip: (page, text) => page.locator(ELEMENT_PLUS_TOOLTIP).filter({ hasText: text }),
		};
	return {
		version,
		screenshots,
		loadTimeoutMs: 30_000,
		tooltip: (page, text) => page.getByTestId('tooltip-content').filter({ hasText: text }),
	};
}
