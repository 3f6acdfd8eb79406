/**
 * Soak: a few thousand items through the simulator with faults injected at random at a few
 * percent. Nothing may be lost, nothing call-placing may be processed twice, no secret may show.
 * The figures it prints go into docs/testing.md.
 */
import type { FaultSpec } from '../../simulator';
import { BASIC, DEMO, TOKEN, everything, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();
const ITEMS = 2000;

it(`${ITEMS} Run PHLO items with random faults: none lost, none duplicated, no secret`, async () => {
	const faults: FaultSpec[] = [
		{ kind: 'status', status: 429, retryAfter: 0, probability: 0.02, seed: 1 },
		{ kind: 'status', status: 500, probability: 0.01, seed: 2 },
		{ kind: 'reset', probability: 0.01, seed: 3, process: false },
		{ kind: 'reset', probability: 0.005, seed: 4, process: true },
		{ kind: 'delay', delayMs: 800, probability: 0.005, seed: 5 },
		{ kind: 'html', status: 502, probability: 0.005, seed: 6 },
	];
	for (const fault of faults) simulator().addFault({ ...fault, times: Infinity });
	simulator().setLatency(2);
	const items = Array.from({ length: ITEMS }, (_, n) => ({ n }));
	const run = await runPlivo(
		simulator(),
		items,
		{
			resource: 'phlo',
			operation: 'run',
			phloId: DEMO.phloId,
			payloadType: 'json',
			payloadJson: '={{ JSON.stringify({ contact: $json.n }) }}',
			options: { timeout: 400, maxRetryWait: 30 },
		},
		{ continueOnFail: true },
	);

	expect(run.error).toBeUndefined();
	expect(run.items).toHaveLength(ITEMS);
	expect(run.items.every((item, n) => (item.pairedItem as { item: number }).item === n)).toBe(true);
	const succeeded = run.items.filter((item) => item.json.success === true);
	const failed = run.items.filter((item) => item.json.success === false);
	// every item is either a success carrying its own payload or an error saying the outcome is unknown
	expect(succeeded.every((item) => typeof item.json.runId === 'string')).toBe(true);
	for (const item of succeeded) {
		const n = (item.pairedItem as { item: number }).item;
		expect(item.json.payload).toEqual({ contact: n });
	}
	for (const item of failed)
		expect(String(item.json.description)).toMatch(/Outcome unknown|could not be read/);

	const records = simulator().requests;
	const processed = records.filter((r) => r.processed);
	const processedPerContact = new Map<string, number>();
	for (const record of processed)
		processedPerContact.set(record.rawBody, (processedPerContact.get(record.rawBody) ?? 0) + 1);
	const duplicates = [...processedPerContact.values()].filter((count) => count > 1).length;
	expect(duplicates).toBe(0);
	// a contact that failed was never processed more than once, and every success was processed exactly once
	for (const item of succeeded) {
		expect(
			processedPerContact.get(
				JSON.stringify({ contact: (item.pairedItem as { item: number }).item }),
			),
		).toBe(1);
	}
	const faultsInjected = records.filter((r) => r.fault).length;
	expect(faultsInjected).toBeGreaterThan(ITEMS * 0.03);
	const produced = everything(run);
	const secretsFound = [TOKEN, BASIC].filter((secret) => produced.includes(secret)).length;
	expect(secretsFound).toBe(0);
	console.log(
		`soak: items=${ITEMS} requests=${records.length} faults injected=${faultsInjected} succeeded=${succeeded.length} failed (outcome unknown)=${failed.length} lost=${ITEMS - run.items.length} duplicates=${duplicates} secrets found=${secretsFound}`,
	);
}, 180_000);
