/**
 * The package checks n8n's scanner cannot make offline, as plain functions over a package.json
 * and the list of files in the packed tarball, so each can be tested with a broken package.
 * Each returns a problem, or undefined when the check passes.
 */
export interface PackageJson {
	name?: string;
	license?: string;
	files?: string[];
	keywords?: string[];
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	main?: string;
	engines?: { node?: string };
	scripts?: Record<string, string>;
	n8n?: {
		nodes?: string[];
		credentials?: string[];
		n8nNodesApiVersion?: number;
		strict?: boolean;
	};
}

export interface Tarball {
	/** Paths inside the tarball, relative to its `package/` folder. */
	files: string[];
	/** Text of a file in the tarball. */
	read(path: string): string | undefined;
	sizeBytes: number;
}

export type Check = (pkg: PackageJson, tarball: Tarball) => string | undefined;

export const MAX_TARBALL_BYTES = 1024 * 1024;

/** The oldest Node.js n8n 2.0 runs on. */
export const MIN_NODE: [major: number, minor: number] = [20, 19];

const has = (tarball: Tarball, path: string) => tarball.files.includes(path.replace(/^\.\//, ''));

/** Icon paths (`file:…`) a compiled node or credential file names, relative to the package. */
export function iconPaths(compiledPath: string, source: string): string[] {
	const folder = compiledPath.split('/').slice(0, -1).join('/');
	return [...source.matchAll(/file:([A-Za-z0-9_.\-/]+\.(?:svg|png))/g)].map(([, icon]) =>
		[...folder.split('/'), ...icon.split('/')]
			.reduce<string[]>(
				(parts, part) =>
					part === '..' ? parts.slice(0, -1) : part === '.' ? parts : [...parts, part],
				[],
			)
			.join('/'),
	);
}

export const CHECKS: Record<string, Check> = {
	'no runtime dependencies': (pkg) =>
		Object.keys(pkg.dependencies ?? {}).length > 0
			? `dependencies has ${Object.keys(pkg.dependencies!).join(', ')}`
			: undefined,
	'n8n-workflow is a peer dependency "*"': (pkg) =>
		pkg.peerDependencies?.['n8n-workflow'] === '*'
			? undefined
			: `peerDependencies["n8n-workflow"] is ${JSON.stringify(pkg.peerDependencies?.['n8n-workflow'])}`,
	'MIT licence, with its file in the tarball': (pkg, tarball) => {
		if (pkg.license !== 'MIT') return `license is ${JSON.stringify(pkg.license)}`;
		const text = tarball.read('LICENSE');
		if (!text) return 'no LICENSE file in the tarball';
		return /MIT License/.test(text) && /Permission is hereby granted, free of charge/.test(text)
			? undefined
			: 'LICENSE is not the MIT licence text';
	},
	'files is ["dist"]': (pkg) =>
		JSON.stringify(pkg.files) === '["dist"]' ? undefined : `files is ${JSON.stringify(pkg.files)}`,
	'keyword n8n-community-node-package': (pkg) =>
		pkg.keywords?.includes('n8n-community-node-package')
			? undefined
			: 'keywords lack n8n-community-node-package',
	'every path in the n8n section is in the tarball': (pkg, tarball) => {
		const paths = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
		if ((pkg.n8n?.nodes ?? []).length === 0) return 'n8n.nodes is empty';
		const missing = paths.filter((path) => !has(tarball, path));
		return missing.length ? `missing from the tarball: ${missing.join(', ')}` : undefined;
	},
	'light and dark icons of every node and credential are in the tarball': (pkg, tarball) => {
		const problems: string[] = [];
		for (const path of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
			const source = tarball.read(path.replace(/^\.\//, ''));
			if (source === undefined) continue; // reported by the check above
			const icons = iconPaths(path.replace(/^\.\//, ''), source);
			if (!/light:\s*['"]file:/.test(source) || !/dark:\s*['"]file:/.test(source)) {
				problems.push(`${path} has no light and dark icon`);
			}
			problems.push(
				...icons
					.filter((icon) => !has(tarball, icon))
					.map((icon) => `${icon} (named by ${path}) is missing`),
			);
		}
		return problems.length ? problems.join('; ') : undefined;
	},
	'strict mode in the n8n section (n8n Cloud eligibility)': (pkg) =>
		pkg.n8n?.strict === true ? undefined : `n8n.strict is ${JSON.stringify(pkg.n8n?.strict)}`,
	[`engines.node starts at Node.js ${MIN_NODE.join('.')} or later, as n8n 2.0 does`]: (pkg) => {
		const range = pkg.engines?.node;
		const [, major, minor] = /^>=\s*(\d+)(?:\.(\d+))?(?:\.\d+)?$/.exec(range ?? '') ?? [];
		if (major === undefined) return `engines.node is ${JSON.stringify(range)}, not ">=X.Y"`;
		const [wantMajor, wantMinor] = MIN_NODE;
		const tooOld = +major < wantMajor || (+major === wantMajor && +(minor ?? 0) < wantMinor);
		return tooOld ? `engines.node ${range} allows a Node.js n8n 2.0 does not run on` : undefined;
	},
	'no "main", or it names a file in the tarball': (pkg, tarball) =>
		pkg.main === undefined || has(tarball, pkg.main)
			? undefined
			: `main is ${pkg.main}, which the tarball does not have`,
	'prepublishOnly refuses a publish outside npm run release': (pkg) =>
		pkg.scripts?.prepublishOnly === 'n8n-node prerelease' &&
		pkg.scripts?.release === 'n8n-node release'
			? undefined
			: `prepublishOnly is ${JSON.stringify(pkg.scripts?.prepublishOnly)}, release is ${JSON.stringify(pkg.scripts?.release)}`,
	'tarball is small': (_pkg, tarball) =>
		tarball.sizeBytes > MAX_TARBALL_BYTES
			? `${(tarball.sizeBytes / 1024).toFixed(0)} kB is over ${MAX_TARBALL_BYTES / 1024} kB`
			: undefined,
	'no tests, scripts or simulator shipped': (_pkg, tarball) => {
		const extra = tarball.files.filter((file) => /(^|\/)(test|simulator|scripts)\//.test(file));
		return extra.length ? `unexpected files: ${extra.slice(0, 5).join(', ')}` : undefined;
	},
};
