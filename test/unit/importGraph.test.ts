/**
 * Who may import whom: tooling/ (driving n8n, the engine harness, workflow builders) is shared by
 * tests, scripts and the benchmark, so it imports no test file and no script; tests import no
 * script, scripts and the benchmark no test; the shipped code imports only itself; and the shipped
 * and shared code has no import circle.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { importCircles, importGraph, importsAcross } from '../../tooling/imports';

const LAYERED = ['nodes', 'credentials', 'simulator', 'scripts', 'bench', 'tooling'];
const graph = importGraph([...LAYERED, 'test']);

describe('the repository import graph', () => {
	it('is read: it holds the imports everybody knows are there', () => {
		expect(graph.get('scripts/dev.ts')).toContain('tooling/n8n/n8n.ts');
		expect(graph.get('test/engine/setup.ts')).toEqual(
			expect.arrayContaining(['tooling/engine/index.ts', 'simulator/index.ts']),
		);
		expect(graph.get('nodes/PlivoPhlo/PlivoPhlo.node.ts')?.length).toBeGreaterThan(0);
		expect(graph.size).toBeGreaterThan(40);
	});

	it('tooling/ imports nothing from test/ or scripts/', () => {
		expect(importsAcross(graph, ['tooling'], ['test', 'scripts'])).toEqual([]);
	});

	it('test/ imports nothing from scripts/', () => {
		expect(importsAcross(graph, ['test'], ['scripts'])).toEqual([]);
	});

	it('scripts/ and bench/ import nothing from test/ (they take shared code from tooling/)', () => {
		expect(importsAcross(graph, ['scripts', 'bench'], ['test'])).toEqual([]);
	});

	it('the shipped nodes/ and credentials/ import nothing from the rest of the repository', () => {
		const rest = ['simulator', 'scripts', 'bench', 'tooling', 'test'];
		expect(importsAcross(graph, ['nodes', 'credentials'], rest)).toEqual([]);
	});

	it('nodes/, credentials/, simulator/, scripts/, bench/ and tooling/ have no import circle', () => {
		const layered = new Map(
			[...graph].filter(([file]) => LAYERED.some((folder) => file.startsWith(`${folder}/`))),
		);
		expect(importCircles(layered).map((circle) => circle.join(' ⇄ '))).toEqual([]);
	});
});

describe('the checks themselves', () => {
	let root: string;
	const write = (path: string, text: string) => {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	};
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'import-graph-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('finds a circle through an index, a dynamic import and an export-from', () => {
		write('a/index.ts', "import { b } from '../b/b';\nexport const a = 1;");
		write('b/b.ts', "export const b = () => import('../c/c');");
		write('c/c.ts', "export { a } from '../a';");
		write('d/d.ts', "import { a } from '../a';");
		expect(importCircles(importGraph(['a', 'b', 'd'], root))).toEqual([]);
		expect(importCircles(importGraph(['a', 'b', 'c', 'd'], root))).toEqual([
			['a/index.ts', 'b/b.ts', 'c/c.ts'],
		]);
	});

	it('names an import across folders', () => {
		write('tooling/x.ts', "import type { Y } from '../test/y';");
		write('test/y.ts', 'export type Y = 1;');
		expect(importsAcross(importGraph(['tooling', 'test'], root), ['tooling'], ['test'])).toEqual([
			'tooling/x.ts → test/y.ts',
		]);
	});
});
