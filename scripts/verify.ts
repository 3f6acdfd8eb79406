/**
 * The verification gate, run before every release and in CI: n8n's own scanner ESLint gate
 * (`@n8n/scan-community-package`) on the source tree and on the unpacked `npm pack` tarball, then
 * the package checks the scanner can't make offline (tooling/verify/checks.ts). Exits 1 on any
 * failure. Run with `npm run verify` (which builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import type { Linter } from 'eslint';

import { CHECKS, type PackageJson, type Tarball } from '../tooling/verify/checks';
import { enabledRules, missedRules, type RuleSettings } from '../tooling/verify/lintCoverage';

const ROOT = join(__dirname, '..');

function listFiles(dir: string, base = dir): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path)];
	});
}

/** The shipped sources and package.json, as ESLint paths relative to the root. */
const shippedSources = () => [
	'package.json',
	...['nodes', 'credentials'].flatMap((dir) =>
		listFiles(join(ROOT, dir))
			.filter((file) => file.endsWith('.ts'))
			.map((file) => `${dir}/${file}`),
	),
];

/** Rules n8n's scanner runs on a shipped source file that `npm run lint` does not, with the files. */
async function rulesLintMisses(scanConfig: Linter.Config[]): Promise<string[]> {
	const { ESLint } = await import('eslint');
	// Lint's own ESLint flags (per-folder config lookup), read from the script that runs it.
	const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson)
		.scripts?.lint;
	const flags = /ESLINT_FLAGS=(\S+)/.exec(script ?? '')?.[1]?.split(',') ?? [];
	const lint = new ESLint({ cwd: ROOT, flags });
	const scan = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: scanConfig });
	const rulesOf = async (eslint: InstanceType<typeof ESLint>, file: string) =>
		enabledRules(((await eslint.calculateConfigForFile(file)) as { rules?: RuleSettings }).rules);
	const filesPerRule = new Map<string, string[]>();
	for (const file of shippedSources()) {
		for (const rule of missedRules(file, await rulesOf(scan, file), await rulesOf(lint, file)))
			filesPerRule.set(rule, [...(filesPerRule.get(rule) ?? []), file]);
	}
	return [...filesPerRule].map(
		([rule, files]) => `${rule} (${files.length} files, e.g. ${files[0]})`,
	);
}

/** Packs the package into a temp folder and unpacks it, as the registry would serve it. */
function packAndUnpack(work: string): { dir: string; sizeBytes: number; name: string } {
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
	const tgz = join(work, filename);
	execFileSync('tar', ['-xzf', tgz, '-C', work]);
	return { dir: join(work, 'package'), sizeBytes: statSync(tgz).size, name: filename };
}

async function main(): Promise<void> {
	// Loaded at run time: the scanner is an ES module.
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	let passed = 0;
	let failed = 0;
	const report = (name: string, problem: string | undefined, details?: string) => {
		if (problem === undefined) passed++;
		else failed++;
		console.log(problem === undefined ? `✓ ${name}` : `✗ ${name}: ${problem}`);
		if (problem !== undefined && details) console.log(details);
	};

	const source = await scanner.analyzePackage(ROOT, scanner.SOURCE_FILE_PATTERNS);
	report(
		'scanner gate on the source tree',
		source.passed ? undefined : source.message,
		source.details,
	);

	const missed = await rulesLintMisses(await scanner.buildScanConfig());
	report(
		'npm run lint applies every rule the scanner runs on the source',
		missed.length ? `lint leaves off ${missed.join('; ')}` : undefined,
	);

	// n8n's node CLI's own verdict: strict mode on and eslint.config.mjs its unchanged default.
	const cloudSupport = execFileSync(join(ROOT, 'node_modules/.bin/n8n-node'), ['cloud-support'], {
		cwd: ROOT,
		encoding: 'utf8',
		env: { ...process.env, NO_COLOR: '1' },
	});
	report(
		"eligible for n8n Cloud by n8n's node CLI (n8n-node cloud-support)",
		/Cloud support is ENABLED/.test(cloudSupport)
			? undefined
			: 'it reports cloud support disabled: strict mode is off or eslint.config.mjs was changed',
	);

	const work = mkdtempSync(join(tmpdir(), 'plivo-phlo-verify-'));
	try {
		const packed = packAndUnpack(work);
		const scanned = await scanner.analyzePackage(packed.dir);
		report(
			'scanner gate on the packed tarball',
			scanned.passed ? undefined : scanned.message,
			scanned.details,
		);

		const pkg = JSON.parse(readFileSync(join(packed.dir, 'package.json'), 'utf8')) as PackageJson;
		const tarball: Tarball = {
			files: listFiles(packed.dir),
			sizeBytes: packed.sizeBytes,
			read: (path) => {
				const file = join(packed.dir, path);
				return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
			},
		};
		for (const [name, check] of Object.entries(CHECKS)) report(name, check(pkg, tarball));
		console.log(
			`\n${packed.name}: ${(packed.sizeBytes / 1024).toFixed(1)} kB packed, ${tarball.files.length} files`,
		);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

main().catch((error: Error) => {
	console.error(error);
	process.exit(1);
});
