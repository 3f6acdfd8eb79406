/** Where things live: the checkout, the n8n cache and the scratch folders. */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const INSTALL_SCRIPT = join(ROOT, 'tooling/n8n/install-n8n.sh');
/** `npm run dev`'s user folder lives here (git-ignored), so its workflows survive a restart. */
export const SCRATCH = join(ROOT, '.e2e-tmp');

/**
 * A fresh folder outside the checkout; the caller removes it. An n8n user folder inside the
 * checkout would let the installed package find the project's own n8n-workflow in node_modules
 * before the installed n8n's (Node looks in every parent folder first), so every line would run
 * the node against the project's n8n-workflow, not its own. installInto checks this.
 */
export function scratchDir(prefix: string): string {
	const base = join(tmpdir(), 'n8n-nodes-plivo-phlo');
	mkdirSync(base, { recursive: true });
	return mkdtempSync(join(base, `${prefix}-`));
}
