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

import { CHECKS, type PackageJson, type Tarball } from '../tooling/verify/checks';

const ROOT = join(__dirname, '..');

function listFiles(dir: string, base = dir): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? listFiles(path, base) : [relative(base, path)];
	});
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
