/**
 * Checks and phase timings of one run, printed as they happen and summed up at the end.
 * A failed check names what was checked and shows expected against actual.
 */
import { isDeepStrictEqual, inspect } from 'node:util';

interface CheckResult {
	name: string;
	ok: boolean;
	detail?: string;
}

const show = (value: unknown) =>
	inspect(value, { depth: 6, breakLength: 100, maxStringLength: 400, compact: 4 });

export class Report {
	private readonly checks: CheckResult[] = [];
	private readonly timings: Array<{ phase: string; ms: number; ok: boolean }> = [];
	private section = '';

	/** Records one check; detail explains a failure (expected vs actual). */
	check(name: string, ok: boolean, detail?: string): boolean {
		const full = this.section ? `${this.section}: ${name}` : name;
		this.checks.push({ name: full, ok, detail: ok ? undefined : detail });
		console.log(ok ? `  ✓ ${name}` : `  ✗ ${name}\n      ${detail ?? ''}`.trimEnd());
		return ok;
	}

	equal(name: string, actual: unknown, expected: unknown): boolean {
		return this.check(
			name,
			isDeepStrictEqual(actual, expected),
			`expected ${show(expected)}\n      actual   ${show(actual)}`,
		);
	}

	/** Every key of expected is in actual with an equal value (nested objects compared whole). */
	includes(name: string, actual: unknown, expected: Record<string, unknown>): boolean {
		const record = (actual ?? {}) as Record<string, unknown>;
		const differing = Object.keys(expected).filter(
			(key) => !isDeepStrictEqual(record[key], expected[key]),
		);
		return this.check(
			name,
			typeof actual === 'object' && actual !== null && differing.length === 0,
			`expected at least ${show(expected)}\n      actual   ${show(actual)}`,
		);
	}

	matches(name: string, actual: unknown, pattern: RegExp): boolean {
		return this.check(
			name,
			typeof actual === 'string' && pattern.test(actual),
			`expected a string matching ${pattern}\n      actual   ${show(actual)}`,
		);
	}

	/**
	 * Runs one timed phase. A phase that throws counts as a failed check naming the phase and the
	 * error, and yields undefined so the run can go on with the phases that do not depend on it.
	 */
	async phase<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
		console.log(`\n▶ ${name}`);
		const started = Date.now();
		const outer = this.section;
		this.section = name;
		try {
			const result = await run();
			this.timings.push({ phase: name, ms: Date.now() - started, ok: true });
			return result;
		} catch (error) {
			this.timings.push({ phase: name, ms: Date.now() - started, ok: false });
			this.check('phase completed', false, (error as Error).stack ?? String(error));
			return undefined;
		} finally {
			this.section = outer;
		}
	}

	get failed(): number {
		return this.checks.filter((check) => !check.ok).length;
	}

	/** Timing table, PASS/FAIL summary, and the final `N passed, M failed` line. */
	print(totalMs: number): void {
		const width = Math.max(...this.timings.map((t) => t.phase.length), 'total'.length);
		console.log('\nTimings');
		for (const { phase, ms, ok } of this.timings) {
			console.log(`  ${phase.padEnd(width)}  ${seconds(ms)}${ok ? '' : '  (failed)'}`);
		}
		console.log(`  ${'total'.padEnd(width)}  ${seconds(totalMs)}`);
		const failures = this.checks.filter((check) => !check.ok);
		console.log(`\n${failures.length === 0 ? 'PASS' : 'FAIL'}`);
		for (const failure of failures) {
			console.log(`  ✗ ${failure.name}\n      ${failure.detail ?? ''}`.trimEnd());
		}
		console.log(`${this.checks.length - failures.length} passed, ${failures.length} failed`);
	}
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
