/** Where things live: the checkout, the n8n cache and the git-ignored scratch folder. */
import { mkdtempSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const INSTALL_SCRIPT = join(ROOT, 'tooling/n8n/install-n8n.sh');
export const SCRATCH = join(ROOT, '.e2e-tmp');

/** A fresh folder under .e2e-tmp/ (git-ignored); the caller removes it. */
export function scratchDir(prefix: string): string {
	mkdirSync(SCRATCH, { recursive: true });
	return mkdtempSync(join(SCRATCH, `${prefix}-`));
}
