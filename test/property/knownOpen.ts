/**
 * Broken promises the suite has found whose fix is under way: while one is listed, a run that
 * breaks only that invariant, in the scenarios it names, is reported but does not fail the suite.
 * Each has its shrunk counterexample in counterexamples.test.ts as `test.failing`; when the fix
 * lands, that test fails (it passes now), and its entry here is removed with the flip.
 */
import type { InvariantName } from './invariants';
import type { Scenario } from './scenario';

export interface KnownOpen {
	/** The rule, as the README states it, and where it was filed. */
	rule: string;
	invariant: InvariantName;
	/** Whether a run's findings under `invariant` are this rule's. */
	applies(scenario: Scenario, found: string[]): boolean;
}

export const KNOWN_OPEN: KnownOpen[] = [];

/** The broken invariants no known-open entry covers, and the rules of those it does. */
export function splitKnown(
	scenario: Scenario,
	broken: Record<string, string[]>,
): { unknown: Record<string, string[]>; known: string[] } {
	const unknown: Record<string, string[]> = {};
	const known: string[] = [];
	for (const [invariant, found] of Object.entries(broken)) {
		const entry = KNOWN_OPEN.find(
			(open) => open.invariant === invariant && open.applies(scenario, found),
		);
		if (entry) known.push(entry.rule);
		else unknown[invariant] = found;
	}
	return { unknown, known };
}
