// Lint rules for the code that is not shipped (simulator, tests, scripts, benchmark, tooling).
// The root eslint.config.mjs must stay n8n's node CLI default (strict mode checks it byte for
// byte) and holds the rules for the published node, credential and package.json. Each of these
// folders has an eslint.config.mjs that re-exports this file; `npm run lint` turns on ESLint's
// per-file config lookup (the default from ESLint 10), so a file takes the config of its folder.
// Here: parsed as TypeScript, no console or process rules (these run on this machine, not in n8n).
import tsParser from '@typescript-eslint/parser';

export default [
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tsParser },
		rules: { 'no-debugger': 'error', 'no-dupe-keys': 'error', 'no-unreachable': 'error' },
	},
];
