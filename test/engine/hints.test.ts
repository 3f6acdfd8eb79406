/**
 * Execution hints through n8n-core's real engine: a PHLO run that stopped, an item that failed
 * with outcome unknown and time spent waiting for turns at the account's pace each leave a hint
 * in the node's run data (where the editor reads them); a clean run leaves none.
 */
import { callPath, DEMO, PLIVO_NODE, runPlivo, useSimulator, warmTransfer } from './setup';
import { FAILING_PHLO } from '../../simulator/accounts';

const simulator = useSimulator();

const hintsOf = (run: Awaited<ReturnType<typeof runPlivo>>) =>
	(run.runData[PLIVO_NODE]?.[0]?.hints ?? []).map(({ type, message }) => ({ type, message }));

describe('execution hints', () => {
	it('a PHLO run that stopped', async () => {
		const run = await runPlivo(simulator(), [{ id: DEMO.phloId }, { id: FAILING_PHLO.phloId }], {
			resource: 'phlo',
			operation: 'run',
			phloId: '={{ $json.id }}',
			payloadType: 'none',
		});
		expect(hintsOf(run)).toEqual([
			{
				type: 'warning',
				message: expect.stringMatching(/^1 PHLO run stopped before finishing \(item 1\)/),
			},
		]);
	});

	it('an item that failed with outcome unknown', async () => {
		simulator().addFault({ kind: 'status', status: 503, match: { path: callPath() } });
		const run = await runPlivo(simulator(), [{}], warmTransfer(), { continueOnFail: true });
		expect(hintsOf(run)).toEqual([
			{
				type: 'danger',
				message: expect.stringMatching(/^1 item failed with outcome unknown \(item 0\)/),
			},
		]);
	});

	it('time spent waiting for turns at the account pace', async () => {
		const run = await runPlivo(simulator(), [{}, {}, {}, {}], {
			resource: 'phlo',
			operation: 'get',
			phloId: DEMO.phloId,
			options: { maxRequestsPerSecond: 2 },
		});
		const [hint] = hintsOf(run);
		expect(hint).toEqual({
			type: 'info',
			message: expect.stringMatching(/^3 requests waited \d+\.\d s in all/),
		});
	});

	it('a clean run: none', async () => {
		const run = await runPlivo(simulator(), [{}, {}], {
			resource: 'phlo',
			operation: 'get',
			phloId: DEMO.phloId,
		});
		expect(hintsOf(run)).toEqual([]);
	});
});
