/**
 * What a server says reaches the stored execution scrubbed, then cut: the Basic header in the
 * spellings that once got through (URL-encoded, Base64 without padding), a 900 KB error text,
 * and api_ids that are not ids in a stopped run's report.
 */
import { BASIC, DEMO, PLIVO_NODE, everything, runPlivo, useSimulator, runPhlo } from './setup';

const simulator = useSimulator();
const BASIC_UNPADDED = BASIC.replace(/=+$/, '');
const getCall = {
	resource: 'multiPartyCall',
	operation: 'get',
	phloId: DEMO.phloId,
	nodeId: DEMO.nodeId,
};

function seed(): void {
	simulator().seedCall({
		phloId: DEMO.phloId,
		nodeId: DEMO.nodeId,
		members: [{ address: DEMO.agent, role: 'agent' }],
	});
}

describe('server text', () => {
	it.each([
		['URL-encoded', `Authorization: Basic%20${encodeURIComponent(BASIC)}`],
		['form-encoded', `auth=Basic+${encodeURIComponent(BASIC)}`],
		['as Base64 without padding', `seen ${BASIC_UNPADDED} here`],
		['as URL-safe Base64', `seen ${BASIC_UNPADDED.replace(/\+/g, '-').replace(/\//g, '_')} here`],
	])('never shows the Basic header %s', async (_spelling, echoed) => {
		seed();
		simulator().addFault({ kind: 'status', status: 400, body: { api_id: 'x', error: echoed } });
		const run = await runPlivo(simulator(), [{}], getCall, { continueOnFail: true });
		const stored = everything(run);
		expect(stored).toContain('[redacted]');
		expect(stored).not.toContain(BASIC_UNPADDED);
		expect(stored).not.toContain(encodeURIComponent(BASIC_UNPADDED));
		expect(stored).not.toContain(BASIC_UNPADDED.replace(/\+/g, '-').replace(/\//g, '_'));
	});

	it('is cut to 1,000 characters before it is stored: a 900 KB error text', async () => {
		seed();
		const huge = 'e'.repeat(900_000);
		simulator().addFault({ kind: 'status', status: 400, body: { api_id: 'x', error: huge } });
		const run = await runPlivo(simulator(), [{}], getCall);
		const error = run.nodeError(PLIVO_NODE);
		expect(error?.message).toBe(`Plivo: ${'e'.repeat(1000)}… [cut: 900000 characters in all]`);
		expect(JSON.stringify(run.raw).length).toBeLessThan(20_000);
	});

	it("lists in a stopped run's report only api_ids that are ids", async () => {
		const hugeId = 'i'.repeat(200_000);
		for (const nth of [1, 2]) {
			simulator().addFault({
				kind: 'noApiId',
				status: 201,
				body: { api_id: hugeId, error: '' },
				match: { nth },
			});
		}
		simulator().addFault({ kind: 'status', status: 400, match: { nth: 3 } });
		const items = [{ contact: 'a' }, { contact: 'b' }, { contact: 'c' }];
		const run = await runPlivo(simulator(), items, runPhlo({ maxConcurrency: 1 }));
		const description = String(
			(run.nodeError(PLIVO_NODE) as { description?: string } | undefined)?.description,
		);
		expect(description).toContain(`item 0 (an api_id that is not an id: "${'i'.repeat(40)}…")`);
		expect(description.length).toBeLessThan(2000);
		expect(JSON.stringify(run.raw).length).toBeLessThan(50_000);
	});
});
