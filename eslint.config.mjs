// The shipped node and credential sources (and package.json) are linted with exactly the rules
// n8n's verification gate applies: the scanner's own config from @n8n/scan-community-package.
// Everything else (simulator, tests, scripts, bench, tooling) is parsed as TypeScript and kept
// free of errors.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';
import tsParser from '@typescript-eslint/parser';

const scanConfig = await buildScanConfig();

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.cache/**',
			'coverage/**',
			'.e2e-tmp/**',
			'**/*.js',
			'**/*.mjs',
		],
	},
	...scanConfig.map((block) => ({
		...block,
		files: block.files ?? ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	})),
	{
		files: [
			'simulator/**/*.ts',
			'test/**/*.ts',
			'scripts/**/*.ts',
			'bench/**/*.ts',
			'tooling/**/*.ts',
		],
		languageOptions: { parser: tsParser },
		rules: { 'no-debugger': 'error', 'no-dupe-keys': 'error', 'no-unreachable': 'error' },
	},
];
