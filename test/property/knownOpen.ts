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
	applies(scenario: Scenario): boolean;
}

export const KNOWN_OPEN: KnownOpen[] = [
	{
		rule: 'issue 22.1: what an item already sent is found by the item, not by a body its expressions regenerate',
		invariant: 'sentOnce',
		applies: (scenario) => scenario.operation === 'run' && scenario.settings.retryOnFail,
	},
	{
		rule: "issue 22.4: once a participant's request fails or is unknown, its later items are not sent",
		invariant: 'participantOrder',
		applies: (scenario) => scenario.continueOnFail !== false,
	},
	{
		rule: 'sent at most once per item: a 2xx too large to read means Plivo acted (not a refusal)',
		invariant: 'sentOnce',
		applies: (scenario) =>
			scenario.settings.retryOnFail &&
			scenario.answers.some((answer) => answer?.kind === 'oversized'),
	},
	{
		rule: 'every request ends by its Timeout: a withheld body is cut off and its connection closed',
		invariant: 'withinBounds',
		applies: (scenario) => scenario.answers.some((answer) => answer?.kind === 'stall'),
	},
];

/** The broken invariants no known-open entry covers, and the rules of those it does. */
export function splitKnown(
	scenario: Scenario,
	broken: Record<string, string[]>,
): { unknown: Record<string, string[]>; known: string[] } {
	const unknown: Record<string, string[]> = {};
	const known: string[] = [];
	for (const [invariant, found] of Object.entries(broken)) {
		const entry = KNOWN_OPEN.find((open) => open.invariant === invariant && open.applies(scenario));
		if (entry) known.push(entry.rule);
		else unknown[invariant] = found;
	}
	return { unknown, known };
}
