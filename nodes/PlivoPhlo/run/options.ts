import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FlowSettings } from '../pace/flowControl';
import type { RequestSettings } from '../transport';

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
				'Upper bound on requests sent to Plivo at the same time. The node starts below it, grows while Plivo keeps up and backs off when Plivo answers 429 (too many requests).',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'maxRequestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Optional ceiling for accounts that know their Plivo limit; requests are spaced evenly. 0 means no ceiling.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 5,
			description:
				'How many times a request may be sent again when Plivo answers 429 (it did not process it). Read-only and hold/unhold/hang-up requests are also retried after a temporary fault; requests that place, move or drop a call never are.',
		},
		{
			displayName: 'Max Retry Wait (Seconds)',
			name: 'maxRetryWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'Upper bound on the total time one item waits between retries, including waits Plivo asks for with Retry-After',
		},
		{
			displayName: 'Max Wait for a Turn (Seconds)',
			name: 'maxTurnWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300,
			description:
				'Requests to one Plivo account from every execution in this n8n process share one pace and wait in line for their turn. An item still waiting after this long fails without being sent, so it is safe to run again. Waiting in line does not count as a retry.',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 100 },
			default: 15000,
			description:
				'How long to wait for Plivo to answer one request before giving up, in milliseconds',
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

/** The defaults shown in the editor are the ones applied: read from the description itself. */
export const DEFAULT_OPTIONS = Object.fromEntries(
	(optionsDescription.options as INodeProperties[]).map((option) => [option.name, option.default]),
) as Record<OptionName, number>;

/** Batch-level settings: concurrency and pacing are one per run, so they come from item 0. */
export function readRunOptions(ctx: IExecuteFunctions): {
	request: RequestSettings;
	flow: FlowSettings;
} {
	const options = ctx.getNodeParameter('options', 0, {}) as Partial<Record<OptionName, number>>;
	const pick = (name: OptionName, min: number) => {
		const value = Number(options[name] ?? DEFAULT_OPTIONS[name]);
		return Number.isFinite(value) ? Math.max(min, value) : DEFAULT_OPTIONS[name];
	};
	return {
		request: {
			timeoutMs: pick('timeout', 100),
			maxRetries: Math.floor(pick('maxRetries', 0)),
			maxRetryWaitMs: pick('maxRetryWait', 0) * 1000,
		},
		flow: {
			maxConcurrency: Math.floor(pick('maxConcurrency', 1)),
			maxRequestsPerSecond: pick('maxRequestsPerSecond', 0),
			maxTurnWaitMs: pick('maxTurnWait', 0) * 1000,
			maxRetryWaitMs: pick('maxRetryWait', 0) * 1000,
		},
	};
}
