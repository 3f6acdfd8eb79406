/** The stale-build check that keeps engine tests (dist/) and unit tests (sources) on the same code. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { staleBuild } from '../../tooling/engine/freshBuild';

let root: string;
/** Writes a file with its modification time `at` seconds after an arbitrary epoch. */
const write = (path: string, at: number) => {
	mkdirSync(dirname(join(root, path)), { recursive: true });
	writeFileSync(join(root, path), '');
	utimesSync(join(root, path), 1_700_000_000 + at, 1_700_000_000 + at);
};

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'fresh-build-'));
	write('nodes/X/X.node.ts', 10);
	write('nodes/X/types.d.ts', 10);
	write('nodes/X/x.svg', 10);
	write('credentials/XApi.credentials.ts', 10);
	write('dist/nodes/X/X.node.js', 20);
	write('dist/nodes/X/X.node.js.map', 20);
	write('dist/nodes/X/x.svg', 10); // gulp keeps the source's time
	write('dist/credentials/XApi.credentials.js', 20);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('staleBuild', () => {
	it('is satisfied by a build newer than every source, icons copied with their own time', () => {
		expect(staleBuild(root)).toBeUndefined();
	});

	it('names a source edited after the build', () => {
		write('nodes/X/X.node.ts', 30);
		expect(staleBuild(root)).toBe('nodes/X/X.node.ts changed after it was built');
	});

	it('accepts an icon whose copy lost its time below the millisecond (gulp keeps only ms)', () => {
		write('nodes/X/x.svg', 10.0004);
		expect(staleBuild(root)).toBeUndefined();
	});

	it('names an icon edited after the build', () => {
		write('nodes/X/x.svg', 30);
		expect(staleBuild(root)).toBe('nodes/X/x.svg changed after it was built');
	});

	it('names a new source that was never built', () => {
		write('credentials/Other.credentials.ts', 5);
		expect(staleBuild(root)).toBe('dist/credentials/Other.credentials.js is missing');
	});

	it('names a built file whose source was deleted', () => {
		write('dist/nodes/X/gone.js', 20);
		expect(staleBuild(root)).toBe('dist/nodes/X/gone.js has no source any more');
	});

	it('names a missing dist/', () => {
		rmSync(join(root, 'dist'), { recursive: true });
		expect(staleBuild(root)).toMatch(/^dist\/.* is missing$/);
	});
});
