/**
 * What the invariant suite generates: one run of "items → Plivo PHLO" (operation, items,
 * options, n8n's node settings) and what the simulator answers to each request, by arrival.
 */
import { fc } from '@fast-check/jest';

import type { FaultSpec } from '../../simulator/faults';
import { BASIC, DEFAULT_ACCOUNT, DEMO, TOKEN } from '../engine/setup';

/** The operations a run uses: call-placing (`once`), member actions and a read. */
export type OperationName = 'run' | 'warmTransfer' | 'voicemailDrop' | 'hold' | 'get';

/** A second call, so transfers and member actions spread over more than one participant. */
export const SECOND_CALL = {
	nodeId: '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5f02',
	agent: '+14155550177',
	customer: '+14155550166',
} as const;

export interface Scenario {
	operation: OperationName;
	/** One entry per item: which of the two calls (and so which participant) it acts on. */
	items: Array<{ call: 0 | 1 }>;
	options: {
		maxConcurrency: number;
		maxRequestsPerSecond: number;
		maxRetries: number;
		/** Seconds. */
		maxRetryWait: number;
		/** Seconds. */
		maxTurnWait: number;
		/** Milliseconds. */
		timeout: number;
	};
	settings: { retryOnFail: boolean; maxTries: number; waitBetweenTries: number };
	continueOnFail: false | true | 'errorOutput';
	/** What the simulator does to the n-th request (1-based, by arrival); later ones are answered. */
	answers: Array<FaultSpec | null>;
}

/** The token and the Basic header in every spelling a server could echo them in, by name. */
export const SECRETS = {
	token: TOKEN,
	'Basic header': BASIC,
	'Basic header unpadded': BASIC.replace(/=+$/, ''),
	'Basic header URL-encoded': encodeURIComponent(`Basic ${BASIC}`),
	'Auth ID:token': `${DEFAULT_ACCOUNT.authId}:${TOKEN}`,
	'token as \\u escapes': [...TOKEN]
		.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
		.join(''),
};

export const SECRET_SPELLINGS: string[] = Object.values(SECRETS);

/** Retry-After as servers send it: seconds, fractions, HTTP dates, epochs, nonsense. */
const retryAfter = fc.constantFrom<FaultSpec['retryAfter'] | string | undefined>(
	undefined,
	0,
	1,
	'0.2',
	'date',
	'1764633600',
	'9'.repeat(400),
	'-1',
	'soon',
	'Wed, 21 Oct 2015 07:28:00 GMT',
);

/**
 * A long text, written as a short mark that playing the scenario expands (expandBigTexts), so a
 * failing scenario prints in a line.
 */
const bigText = (char: string, size: number) => `<<${char.codePointAt(0)} x ${size}>>`;

/** The body with each mark of bigText expanded to the text it stands for. */
export function expandBigTexts(body: string): string {
	return body.replace(/<<(\d+) x (\d+)>>/g, (_mark, code: string, size: string) => {
		const text = String.fromCodePoint(Number(code)).repeat(Number(size));
		// Inside a JSON string the text is written as JSON writes it.
		return body.startsWith('{') ? JSON.stringify(text).slice(1, -1) : text;
	});
}

/** Error text of any size and content, now and then carrying a secret in one of its spellings. */
const errorText = fc.oneof(
	fc.string({ maxLength: 40 }),
	fc.constantFrom(...SECRET_SPELLINGS).map((secret) => `invalid credentials ${secret}`),
	fc
		.tuple(fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom('x', 'é', '\u0000', ' '))
		.map(([size, char]) => bigText(char, size)),
);

const body = fc.oneof(
	errorText.map((error) =>
		JSON.stringify({ api_id: 'd2a6c1e0-0000-4000-8000-000000000000', error }),
	),
	errorText,
	fc.constant(''),
);

/** Timeouts past what a timer holds (2^31 - 1 ms) are generated too; slow answers stay short. */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;
const slowAnswerMs = (timeoutMs: number) => Math.min(timeoutMs, 400);

/** One request's answer; `null` is "Plivo's" own answer. */
const answer = (timeoutMs: number): fc.Arbitrary<FaultSpec | null> =>
	fc.oneof(
		{ weight: 4, arbitrary: fc.constant(null) },
		{
			weight: 3,
			arbitrary: fc.record({
				kind: fc.constant('status' as const),
				status: fc.constantFrom(200, 201, 400, 401, 404, 429, 429, 500, 502, 503),
				body: fc.option(body, { nil: undefined }),
				retryAfter: retryAfter as fc.Arbitrary<FaultSpec['retryAfter']>,
				retryAfterSeconds: fc.constant(1),
			}),
		},
		{
			weight: 1,
			// A body withheld or dripped is only waited out when the Timeout is short.
			arbitrary: fc.record({
				kind:
					timeoutMs > slowAnswerMs(timeoutMs)
						? fc.constant('delay' as const)
						: fc.constantFrom('delay' as const, 'stall' as const, 'drip' as const),
				delayMs: fc.constant(slowAnswerMs(timeoutMs) + 150),
				dripMs: fc.constant(Math.ceil(slowAnswerMs(timeoutMs) / 4)),
				process: fc.boolean(),
			}),
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constantFrom('reset' as const, 'truncated' as const),
				process: fc.boolean(),
			}),
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constant('redirect' as const),
				location: fc.constantFrom('otherHost', 'self'),
			}),
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constant('echoToken' as const),
				echoIn: fc.constantFrom(
					'field' as const,
					'message' as const,
					'error' as const,
					'straddle' as const,
				),
				escaped: fc.boolean(),
			}),
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constantFrom(
					'html' as const,
					'empty' as const,
					'malformed' as const,
					'noApiId' as const,
				),
			}),
		},
		{
			weight: 1,
			arbitrary: fc.record({
				kind: fc.constant('oversized' as const),
				sizeBytes: fc.integer({ min: 1_000, max: 2_000_000 }),
			}),
		},
	);

const options = fc.record({
	maxConcurrency: fc.constantFrom(1, 2, 20, 100),
	maxRequestsPerSecond: fc.constantFrom(0, 0, 50, 1000),
	maxRetries: fc.constantFrom(0, 1, 2, 20),
	maxRetryWait: fc.constantFrom(0, 0.3, 1),
	maxTurnWait: fc.constantFrom(1, 300),
	timeout: fc.constantFrom(100, 250, 400, 400, 15_000, 3_000_000_000),
});

const settings = fc.record({
	retryOnFail: fc.boolean(),
	maxTries: fc.integer({ min: 2, max: 5 }),
	waitBetweenTries: fc.constantFrom(0, 10, 50),
});

export const scenarios: fc.Arbitrary<Scenario> = fc
	.record({
		operation: fc.constantFrom<OperationName>(
			'run',
			'run',
			'warmTransfer',
			'voicemailDrop',
			'hold',
			'get',
		),
		items: fc.array(fc.record({ call: fc.constantFrom<0 | 1>(0, 1) }), {
			minLength: 1,
			maxLength: 6,
		}),
		options,
		settings,
		continueOnFail: fc.constantFrom<Scenario['continueOnFail']>(false, true, 'errorOutput'),
	})
	.chain((run) =>
		fc
			.array(answer(run.options.timeout), { maxLength: 10 })
			.map((answers) => ({ ...run, answers })),
	);

/** A scenario as one line of JSON, for a failure report or a counterexample test. */
export function describeScenario(scenario: Scenario): string {
	return JSON.stringify(scenario, (_key, value: unknown) =>
		typeof value === 'string' && value.length > 200
			? `${value.slice(0, 20)}…(${value.length})`
			: value,
	);
}

export { DEMO };
