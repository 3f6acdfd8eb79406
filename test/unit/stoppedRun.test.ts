/** A stopped run reports what it did: the text of the report and the error it is added to. */
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';

import {
	describeStoppedRun,
	listItems,
	withRunReport,
	type RunReport,
} from '../../nodes/PlivoPhlo/run/stoppedRun';

const node: INode = {
	id: 'n',
	name: 'Plivo PHLO',
	type: 'plivoPhlo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const ID_A = 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8';
const ID_B = '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e';
const report = (overrides: Partial<RunReport> = {}): RunReport => ({
	stoppedAt: 3,
	done: [],
	outcomeUnknown: [],
	failed: [],
	notSent: [],
	...overrides,
});

describe('listItems', () => {
	it.each([
		[[4], 'item 4'],
		[[1, 3], 'items 1, 3'],
		[[9, 7, 8, 1], 'items 1, 7–9'],
		[[1, 2, 5, 6, 7], 'items 1, 2, 5–7'],
	])('%j → %s', (indexes, text) => {
		expect(listItems(indexes)).toBe(text);
	});
});

describe('describeStoppedRun', () => {
	it('names the stopping item, what was done with api_ids, what is unknown and what was not sent', () => {
		const text = describeStoppedRun(
			report({
				done: [
					{ item: 1, apiId: ID_B },
					{ item: 0, apiId: ID_A },
				],
				outcomeUnknown: [2],
				failed: [5],
				notSent: [4, 6, 7, 8],
			}),
		);
		expect(text).toContain('stopped at item 3');
		expect(text).toContain(
			`Already done, Plivo answered: item 0 (api_id ${ID_A}), item 1 (api_id ${ID_B}).`,
		);
		expect(text).toContain('Outcome unknown, Plivo may have acted: item 2.');
		expect(text).toContain('Also failed: item 5.');
		expect(text).toContain('Not sent: items 4, 6–8.');
	});

	it('lists at most 50 done items one by one and counts the rest', () => {
		const id = (item: number) => `${String(item).padStart(8, '0')}-0000-4000-8000-000000000000`;
		const done = Array.from({ length: 60 }, (_, item) => ({ item, apiId: id(item) }));
		const text = describeStoppedRun(report({ stoppedAt: 60, done }));
		expect(text).toContain(`item 49 (api_id ${id(49)}), and 10 more.`);
		expect(text).not.toContain(id(50));
	});

	it('lists an api_id only if it is an id: anything else is named as such, cut to 40 characters', () => {
		const huge = 'x'.repeat(200_000);
		const text = describeStoppedRun(
			report({
				done: [
					{ item: 0, apiId: huge },
					{ item: 1, apiId: { nested: huge } },
					{ item: 2, apiId: `${ID_A}${'0'.repeat(10)}` },
					{ item: 3, apiId: ID_A.toUpperCase() },
				],
			}),
		);
		expect(text).toContain(`item 0 (an api_id that is not an id: "${'x'.repeat(40)}…")`);
		expect(text).toContain('item 1 (an api_id that is not an id: an object)');
		expect(text).toContain(`item 2 (an api_id that is not an id: "${ID_A}0000…")`);
		expect(text).toContain(`item 3 (api_id ${ID_A.toUpperCase()})`);
		expect(text.length).toBeLessThan(600);
	});
});

describe('withRunReport', () => {
	it('keeps the error as it is when the run had no other item', () => {
		const error = new NodeOperationError(node, 'Plivo: refused');
		expect(withRunReport(node, error, report())).toBe(error);
	});

	it('returns a new error naming the item, with the report after the original description', () => {
		const error = new NodeApiError(
			node,
			{ message: 'Plivo: invalid trigger source' },
			{
				message: 'Plivo: invalid trigger source',
				description: 'Check the fields.',
				httpCode: '400',
			},
		);
		const stopped = withRunReport(node, error, report({ done: [{ item: 0, apiId: 'a-1' }] }));
		expect(stopped).not.toBe(error);
		expect(stopped).toBeInstanceOf(NodeApiError);
		expect(stopped.message).toBe('Plivo: invalid trigger source [item 3]');
		expect(stopped.description).toMatch(/^Check the fields\.\n\nThe run stopped at item 3/);
		expect((stopped as NodeApiError).httpCode).toBe('400');
		expect(error.description).toBe('Check the fields.');
	});
});
