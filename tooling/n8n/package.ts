/** The package as users get it: built, packed, and installed the way n8n installs community nodes. */
import { mkdirSync, writeFileSync } from 'node:fs';
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
}
