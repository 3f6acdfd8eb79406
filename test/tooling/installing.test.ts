/**
 * How the suite puts the package into an n8n: each pinned line's way of making an imported
 * workflow live, and the check that the installed package can only get n8n-workflow from the n8n
 * that loads it (never a copy in a parent folder's node_modules, such as this checkout's).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { activationOf } from '../../tooling/n8n/importing';
import { assertFindsOnlyN8nsOwn } from '../../tooling/n8n/package';
import { ROOT, scratchDir } from '../../tooling/n8n/paths';
import { CURRENT, LAST_1X, OLDEST } from '../../tooling/n8n/versions';

describe('activationOf', () => {
	it('names each pinned line’s way', () => {
		expect(activationOf(LAST_1X.version)).toBe('update:workflow');
		expect(activationOf(OLDEST.version)).toBe('rest once running');
		expect(activationOf(CURRENT.version)).toBe('publish:workflow');
	});
});

describe('assertFindsOnlyN8nsOwn', () => {
	let base: string;
	let installed: string;
	beforeEach(() => {
		base = mkdtempSync(join(tmpdir(), 'installing-test-'));
		installed = join(base, 'user', '.n8n', 'nodes', 'node_modules', 'n8n-nodes-plivo-phlo');
		mkdirSync(installed, { recursive: true });
		writeFileSync(join(installed, 'package.json'), '{"name":"n8n-nodes-plivo-phlo"}');
	});
	afterEach(() => rmSync(base, { recursive: true, force: true }));

	it('passes where no parent folder holds n8n-workflow, as in ~/.n8n/nodes', () => {
		expect(() => assertFindsOnlyN8nsOwn(installed)).not.toThrow();
	});

	it('fails, naming the copy, where a parent folder’s node_modules holds one', () => {
		const copy = join(base, 'node_modules', 'n8n-workflow');
		mkdirSync(copy, { recursive: true });
		writeFileSync(join(copy, 'package.json'), '{"name":"n8n-workflow","main":"index.js"}');
		writeFileSync(join(copy, 'index.js'), '');
		expect(() => assertFindsOnlyN8nsOwn(installed)).toThrow(join(copy, 'index.js'));
	});

	it('scratch folders are outside the checkout, whose node_modules has n8n-workflow', () => {
		const dir = scratchDir('installing-test');
		try {
			expect(relative(ROOT, dir).startsWith('..')).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
