/** The package as users get it: built, packed, and installed the way n8n installs community nodes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { ROOT } from './paths';
import { mustRun } from './processes';

export const PACKAGE_NAME = 'n8n-nodes-plivo-phlo';

/** `npm run build`, then `npm pack` into dir; returns the tarball's path. */
export async function buildAndPack(dir: string): Promise<string> {
	await mustRun('npm', ['run', 'build'], { cwd: ROOT });
	const packed = await mustRun('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT });
	const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
	return join(dir, filename);
}

/**
 * What n8n does for a community package: `npm install <package>` in <user folder>/.n8n/nodes,
 * which has a package.json of its own, without dev or peer dependencies and without scripts.
 */
export async function installInto(userFolder: string, tarball: string): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
	);
	await mustRun(
		'npm',
		[
			'install',
			tarball,
			'--omit=dev',
			'--omit=peer',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--prefer-offline',
		],
		{ cwd: nodesDir },
	);
	assertFindsOnlyN8nsOwn(join(nodesDir, 'node_modules', PACKAGE_NAME));
}

/**
 * The installed package must get n8n-workflow from the n8n that loads it (n8n adds its own
 * node_modules to NODE_PATH, which Node searches last), as in a user's ~/.n8n/nodes. If a parent
 * folder's node_modules holds one (a user folder inside this checkout), the node would run
 * against that copy on every line and the suite would not test the line's own.
 */
export function assertFindsOnlyN8nsOwn(packageDir: string): void {
	let found: string | undefined;
	try {
		found = createRequire(join(packageDir, 'package.json')).resolve('n8n-workflow');
	} catch {
		return;
	}
	throw new Error(
		`the package installed in ${packageDir} finds n8n-workflow at ${found}, not the one of ` +
			'the n8n that loads it: put the n8n user folder outside any folder with node_modules',
	);
}
