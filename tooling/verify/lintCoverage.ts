/**
 * `npm run lint` applies n8n's node CLI config (strict mode requires it unchanged); n8n's scanner
 * applies its own config when it verifies the package. A rule the scanner runs but lint does not
 * would pass lint and fail verification, so `npm run verify` compares the two file by file.
 */
export type RuleSettings = Record<string, unknown>;

const isOn = (setting: unknown) => {
	const level = Array.isArray(setting) ? setting[0] : setting;
	return level !== 0 && level !== 'off' && level !== undefined;
};

/** Names of the rules a resolved ESLint config turns on. */
export function enabledRules(rules: RuleSettings | undefined): Set<string> {
	return new Set(
		Object.entries(rules ?? {})
			.filter(([, setting]) => isOn(setting))
			.map(([name]) => name),
	);
}

/**
 * Rules the scanner turns on for `file` that lint leaves off. For package.json only plugin rules
 * count: the scanner's blanket `no-console` has nothing to find in a JSON object.
 */
export function missedRules(file: string, scanner: Set<string>, lint: Set<string>): string[] {
	const counts = (rule: string) => !file.endsWith('.json') || rule.includes('/');
	return [...scanner].filter((rule) => counts(rule) && !lint.has(rule));
}
