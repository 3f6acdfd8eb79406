/** The part of n8n's verification scanner (an ES module without types) that scripts/verify.ts uses. */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export interface ScanResult {
		passed: boolean;
		message?: string;
		details?: string;
	}
	export function analyzePackage(dir: string, patterns?: string[]): Promise<ScanResult>;
	export const SOURCE_FILE_PATTERNS: string[];
	/** The ESLint config the scanner lints with. */
	export function buildScanConfig(): Promise<import('eslint').Linter.Config[]>;
}
