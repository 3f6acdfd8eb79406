/** The package checks of `npm run verify`: each passes on a good package and fails on a broken one. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CHECKS, iconPaths, type PackageJson, type Tarball } from '../../tooling/verify/checks';

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
	n8n: { nodes: [NODE], credentials: [CREDENTIAL] },
});

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

it('resolves icon paths relative to the compiled file', () => {
	expect(iconPaths(CREDENTIAL, `light: 'file:../nodes/PlivoPhlo/plivo.svg'`)).toEqual([
		'dist/nodes/PlivoPhlo/plivo.svg',
	]);
	expect(iconPaths(NODE, `dark: 'file:./plivo.dark.svg'`)).toEqual([
		'dist/nodes/PlivoPhlo/plivo.dark.svg',
	]);
});
