/** The package checks of `npm run verify`: each passes on a good package and fails on a broken one. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CHECKS, iconPaths, type PackageJson, type Tarball } from '../../tooling/verify/checks';
import { enabledRules, missedRules } from '../../tooling/verify/lintCoverage';

const ROOT = join(__dirname, '../..');
const MIT = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
const NODE = 'dist/nodes/PlivoPhlo/PlivoPhlo.node.js';
const CREDENTIAL = 'dist/credentials/PlivoPhloApi.credentials.js';

const goodPackage = (): PackageJson => ({
	name: 'n8n-nodes-plivo-phlo',
	license: 'MIT',
	files: ['dist'],
	keywords: ['n8n-community-node-package', 'plivo'],
	peerDependencies: { 'n8n-workflow': '*' },
	engines: { node: '>=20.19' },
	scripts: { prepublishOnly: 'n8n-node prerelease', release: 'n8n-node release' },
	n8n: { strict: true, nodes: [NODE], credentials: [CREDENTIAL] },
});

const ENGINES = 'engines.node starts at Node.js 20.19 or later, as n8n 2.0 does';
const GUARD = 'prepublishOnly refuses a publish outside npm run release';

function tarball(
	overrides: Partial<Record<string, string | undefined>> = {},
	sizeBytes = 30_000,
): Tarball {
	const contents: Record<string, string | undefined> = {
		'package.json': '{}',
		LICENSE: MIT,
		[NODE]: `icon: { light: 'file:plivo.svg', dark: 'file:plivo.dark.svg' }`,
		[CREDENTIAL]: `icon = { light: 'file:../nodes/PlivoPhlo/plivo.svg', dark: 'file:../nodes/PlivoPhlo/plivo.dark.svg' }`,
		'dist/nodes/PlivoPhlo/plivo.svg': '<svg/>',
		'dist/nodes/PlivoPhlo/plivo.dark.svg': '<svg/>',
		...overrides,
	};
	const present = Object.entries(contents).filter(([, text]) => text !== undefined);
	return {
		files: present.map(([path]) => path),
		read: (path) => contents[path],
		sizeBytes,
	};
}

it('every check passes on a good package', () => {
	for (const [name, check] of Object.entries(CHECKS))
		expect([name, check(goodPackage(), tarball())]).toEqual([name, undefined]);
});

type Breakage = [
	check: string,
	breakPackage: (pkg: PackageJson) => void,
	files: Partial<Record<string, string | undefined>>,
	sizeBytes?: number,
];

const BREAKAGES: Breakage[] = [
	['no runtime dependencies', (pkg) => (pkg.dependencies = { axios: '^1.0.0' }), {}],
	[
		'n8n-workflow is a peer dependency "*"',
		(pkg) => (pkg.peerDependencies = { 'n8n-workflow': '^2.0.0' }),
		{},
	],
	['MIT licence, with its file in the tarball', () => undefined, { LICENSE: undefined }],
	['MIT licence, with its file in the tarball', () => undefined, { LICENSE: 'Apache License 2.0' }],
	['MIT licence, with its file in the tarball', (pkg) => (pkg.license = 'ISC'), {}],
	['files is ["dist"]', (pkg) => (pkg.files = ['dist', 'src']), {}],
	['keyword n8n-community-node-package', (pkg) => (pkg.keywords = ['plivo']), {}],
	['every path in the n8n section is in the tarball', () => undefined, { [CREDENTIAL]: undefined }],
	['every path in the n8n section is in the tarball', (pkg) => (pkg.n8n = { nodes: [] }), {}],
	[
		'light and dark icons of every node and credential are in the tarball',
		() => undefined,
		{ 'dist/nodes/PlivoPhlo/plivo.dark.svg': undefined },
	],
	[
		'light and dark icons of every node and credential are in the tarball',
		() => undefined,
		{ [NODE]: `icon: 'file:plivo.svg'`, 'dist/nodes/PlivoPhlo/plivo.dark.svg': undefined },
	],
	['strict mode in the n8n section (n8n Cloud eligibility)', (pkg) => delete pkg.n8n!.strict, {}],
	[ENGINES, (pkg) => (pkg.engines = { node: '>=20.15' }), {}],
	[ENGINES, (pkg) => (pkg.engines = { node: '>=20' }), {}],
	[ENGINES, (pkg) => (pkg.engines = { node: '^20.19' }), {}],
	[ENGINES, (pkg) => delete pkg.engines, {}],
	['no "main", or it names a file in the tarball', (pkg) => (pkg.main = 'index.js'), {}],
	[GUARD, (pkg) => (pkg.scripts!.prepublishOnly = 'npm run build && npm run lint'), {}],
	[GUARD, (pkg) => delete pkg.scripts!.release, {}],
	['tarball is small', () => undefined, {}, 2 * 1024 * 1024],
	['no tests, scripts or simulator shipped', () => undefined, { 'dist/simulator/index.js': '' }],
];

BREAKAGES.forEach(([name, breakPackage, files, size], index) => {
	it(`${name} fails on a broken package (${index + 1})`, () => {
		const pkg = goodPackage();
		breakPackage(pkg);
		expect(CHECKS[name](pkg, tarball(files, size))).toEqual(expect.any(String));
	});
});

it('accepts engines at or past Node.js 20.19 and a main that is shipped', () => {
	for (const node of ['>=20.19', '>=20.19.0', '>=20.20', '>=22']) {
		const pkg = { ...goodPackage(), engines: { node } };
		expect([node, CHECKS[ENGINES](pkg, tarball())]).toEqual([node, undefined]);
	}
	const pkg = { ...goodPackage(), main: NODE };
	expect(CHECKS['no "main", or it names a file in the tarball'](pkg, tarball())).toBeUndefined();
});

it('resolves icon paths relative to the compiled file', () => {
	expect(iconPaths(CREDENTIAL, `light: 'file:../nodes/PlivoPhlo/plivo.svg'`)).toEqual([
		'dist/nodes/PlivoPhlo/plivo.svg',
	]);
	expect(iconPaths(NODE, `dark: 'file:./plivo.dark.svg'`)).toEqual([
		'dist/nodes/PlivoPhlo/plivo.dark.svg',
	]);
});

it('finds the rules the scanner runs and lint leaves off', () => {
	const lint = enabledRules({ a: 'error', b: 'off', c: ['warn', {}], d: 0, e: [2] });
	expect([...lint]).toEqual(['a', 'c', 'e']);
	const scanner = new Set(['a', 'b', 'no-console', '@n8n/community-nodes/x']);
	expect(missedRules('nodes/X.node.ts', scanner, lint)).toEqual([
		'b',
		'no-console',
		'@n8n/community-nodes/x',
	]);
	expect(missedRules('package.json', scanner, lint)).toEqual(['@n8n/community-nodes/x']);
});
