import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { FlowSettings } from '../pace/flowControl';
import type { RequestSettings } from '../transport';

/** Longest Timeout: far below what a timer holds (2^31-1 ms), and longer than any PHLO answer takes. */
export const MAX_TIMEOUT_MS = 300_000;

export const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	description: 'Apply to the whole run of this node and are read from the first item',
	options: [
		{
			displayName: 'Max Requests in Flight',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 20,
			description:
				'Upper bound on requests sent to Plivo at the same time, 1 to 100. The node starts below it, grows while Plivo keeps up and backs off when Plivo answers 429 (too many requests).',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1000 },
			default: 0,
			description:
				'Optional ceiling for accounts that know their Plivo limit, up to 1,000; requests are spaced evenly. 0 means no ceiling.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description:
				'How many times (0 to 20) a request may be sent again when Plivo answers 429 (it did not process it). Read-only and hold/unhold/hang-up requests are also retried after a temporary fault; requests that place, move or drop a call never are.',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 60,
			description:
				'Upper bound on the total time one item waits between retries, including waits Plivo asks for with Retry-After; at most 3,600 (an hour)',
		},
		{
			displayName: 'Max Wait for a Turn (Seconds)',
			name: 'maxTurnWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 300,
			description:
				'Requests to one Plivo account from every execution in this n8n process share one pace and wait in line for their turn. An item still waiting after this long fails without being sent, so it is safe to run again. Waiting in line does not count as a retry. At most 3,600 (an hour).',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 100, maxValue: MAX_TIMEOUT_MS },
			default: 15000,
			description:
				'How long to wait for Plivo to answer one request before giving up, in milliseconds: 100 to 300,000 (5 minutes)',
		},
	],
};

type OptionName =
	| 'maxConcurrency'
	| 'maxRequestsPerSecond'
	| 'maxRetries'
	| 'maxRetryWait'
	| 'maxTurnWait'
	| 'timeout';

const OPTIONS = optionsDescription.options as INodeProperties[];

/** The defaults shown in the editor are the ones applied: read from the description itself. */
export const DEFAULT_OPTIONS = Object.fromEntries(
	OPTIONS.map((option) => [option.name, option.default]),
) as Record<OptionName, number>;

/**
 * Batch-level settings: concurrency and pacing are one per run, so they come from item 0. Each
 * must lie within the bounds the editor shows (its typeOptions): an expression can give any
 * number, and a value past a bound is one the node cannot honour, so the run fails naming it.
 */
export function readRunOptions(ctx: IExecuteFunctions): {
	request: RequestSettings;
	flow: FlowSettings;
} {
	const options = ctx.getNodeParameter('options', 0, {}) as Partial<Record<OptionName, unknown>>;
	const pick = (name: OptionName) => {
		const option = OPTIONS.find((candidate) => candidate.name === name)!;
		const { minValue = -Infinity, maxValue = Infinity } = option.typeOptions ?? {};
		const given = options[name] ?? DEFAULT_OPTIONS[name];
		const value = typeof given === 'string' && given.trim() !== '' ? Number(given) : given;
		if (typeof value !== 'number' || !(value >= minValue && value <= maxValue)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Options › ${option.displayName}: ${JSON.stringify(given)?.slice(0, 40)} is not a number from ${minValue} to ${maxValue} [item 0]`,
				{
					itemIndex: 0,
					description:
						'The options apply to the whole run and are read from the first item. No request was sent.',
				},
			);
		}
		return value;
	};
	return {
		request: {
			timeoutMs: pick('timeout'),
			maxRetries: Math.floor(pick('maxRetries')),
			maxRetryWaitMs: pick('maxRetryWait') * 1000,
		},
		flow: {
			maxConcurrency: Math.floor(pick('maxConcurrency')),
			maxRequestsPerSecond: pick('maxRequestsPerSecond'),
			maxTurnWaitMs: pick('maxTurnWait') * 1000,
			maxRetryWaitMs: pick('maxRetryWait') * 1000,
		},
	};
}
