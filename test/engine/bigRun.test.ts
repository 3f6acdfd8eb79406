/**
 * A big run keeps its own memory between tries: 20,002 Run PHLO items whose payload changes on
 * every try, the last refused on every try. n8n's next tries send the refused one again and none
 * of the 20,001 Plivo answered (a bound on the number of kept answers once dropped them all).
 * About 85 s of CPU, so it runs with BIG_RUN=1 (the nightly workflow), not in `npm test`.
 */
import { DEFAULT_ACCOUNT, DEMO, PLIVO_NODE, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();
const ITEMS = 20_002;
const TRIES = 3;
/** A PHLO the account does not have: Plivo answers 404, so the item is refused on every try. */
const UNKNOWN_PHLO = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
const runPath = (phloId: string) => `/v1/account/${DEFAULT_ACCOUNT.authId}/phlo/${phloId}`;

jest.setTimeout(900_000);
const bigRun = process.env.BIG_RUN === '1' ? it : it.skip;

bigRun(
	'sends none of 20,001 answered Run PHLOs again when n8n tries the node again for the last one',
	async () => {
		const items = Array.from({ length: ITEMS }, (_, n) => ({
			phloId: n === ITEMS - 1 ? UNKNOWN_PHLO : DEMO.phloId,
		}));
		const run = await runPlivo(
			simulator(),
			items,
			{
				resource: 'phlo',
				operation: 'run',
				phloId: '={{ $json.phloId }}',
				payloadType: 'fields',
				payloadFields: { field: [{ key: 'at', value: '={{ $now.toISO() }}' }] },
				options: { maxConcurrency: 100 },
			},
			{ settings: { retryOnFail: true, maxTries: TRIES, waitBetweenTries: 0 } },
		);
		const sent: Record<string, number> = {};
		for (const { path } of simulator().requests) sent[path] = (sent[path] ?? 0) + 1;
		expect(sent).toEqual({
			[runPath(DEMO.phloId)]: ITEMS - 1,
			[runPath(UNKNOWN_PHLO)]: TRIES,
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toMatch(/PHLO not found/);
	},
);
