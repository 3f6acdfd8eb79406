/**
 * The PHLO ID resource locator through n8n-core's real engine: By ID and By URL values (typed or
 * from expressions) reach the same request, a plain string saved by 0.1.0 still runs, and the
 * run-time rule refuses what the editor's check would have caught, before anything is sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { resetSafeRegexEngine, setSafeRegexEngine } from 'n8n-workflow';

import { DEMO, PLIVO_NODE, runPlivo, useSimulator } from './setup';

const simulator = useSimulator();
const consoleUrl = `https://console.plivo.com/phlo/edit/${DEMO.phloId}/`;
const locator = (mode: 'id' | 'url', value: string) => ({ __rl: true, mode, value });

async function getPhlo(phloId: IDataObject[string], items: IDataObject[] = [{}]) {
	const run = await runPlivo(simulator(), items, { resource: 'phlo', operation: 'get', phloId });
	return { run, paths: simulator().requests.map((request) => request.path) };
}

describe('PHLO ID resource locator', () => {
	it.each([
		['By ID', locator('id', DEMO.phloId)],
		['By URL', locator('url', consoleUrl)],
		['By ID from an expression', locator('id', '={{ $json.id }}')],
		['By URL from an expression', locator('url', '={{ $json.url }}')],
		['a plain ID saved by 0.1.0', DEMO.phloId],
		['a plain console URL saved by 0.1.0', consoleUrl],
	])('%s reaches /v1/phlo/<id>', async (_what, phloId) => {
		const { run, paths } = await getPhlo(phloId, [{ id: DEMO.phloId, url: consoleUrl }]);
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(paths).toEqual([`/v1/phlo/${DEMO.phloId}`]);
		expect(run.items[0].json).toMatchObject({ phlo_id: DEMO.phloId });
	});

	it.each([
		['By ID', locator('id', 'my-phlo'), 'Not a PHLO ID: expected a UUID'],
		[
			'By URL on another host',
			locator('url', `https://console.example.com/phlo/edit/${DEMO.phloId}/`),
			'Not a Plivo console URL with one PHLO ID in it',
		],
		[
			'By URL without an ID',
			locator('url', 'https://console.plivo.com/phlo/'),
			'Not a Plivo console URL with one PHLO ID in it',
		],
	])(
		'%s typed wrong: n8n refuses to run it with the editor check, nothing sent',
		async (_what, phloId, message) => {
			await expect(getPhlo(phloId)).rejects.toThrow(message);
			expect(simulator().requests).toEqual([]);
		},
	);

	it("By URL when n8n's extraction times out on a busy process: the same pattern finds the ID", async () => {
		// Only the extraction times out: n8n's own check before the run has its own watchdog.
		setSafeRegexEngine({
			exec: () => {
				throw new Error('Regular expression execution timed out');
			},
			test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
			replace: (pattern, input, flags, replacement) =>
				input.replace(new RegExp(pattern, flags), replacement),
			matchAll: (pattern, input, flags) => [...input.matchAll(new RegExp(pattern, flags))],
			split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
		});
		try {
			const { run, paths } = await getPhlo(locator('url', consoleUrl.toUpperCase()));
			expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
			expect(paths).toEqual([`/v1/phlo/${DEMO.phloId}`]);
		} finally {
			resetSafeRegexEngine();
		}
	});

	it.each([
		[
			'By URL on another host',
			locator('url', '={{ "https://console.example.com/phlo/edit/" + $json.id }}'),
			/^PHLO ID: "https:\/\/console\.example\.com.*" is not a PHLO ID or a Plivo console URL containing one/,
		],
		['By ID not a UUID', locator('id', '={{ "my-phlo" }}'), /^PHLO ID: "my-phlo" is not a PHLO ID/],
		['By ID a number', locator('id', '={{ 42 }}'), /^PHLO ID: expected text but got a number/],
	])('%s from an expression: refused at run time, nothing sent', async (_what, phloId, message) => {
		const { run, paths } = await getPhlo(phloId, [{ id: DEMO.phloId }]);
		expect(run.nodeError(PLIVO_NODE)?.message).toMatch(message);
		expect(paths).toEqual([]);
	});
});
