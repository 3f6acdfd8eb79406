/**
 * The reliability rules, as a matrix: every fault kind × a read, a state toggle and a call-placing
 * operation, three items with the fault on the second, continue-on-fail on and off. Asserts items
 * out, pairing and order, what reached "Plivo" (no duplicate call-placing request), the error
 * text, and that no secret appears anywhere.
 */
import type { IDataObject } from 'n8n-workflow';

import type { FaultSpec } from '../../simulator';
import {
	DEFAULT_ACCOUNT,
	DEMO,
	PLIVO_NODE,
	TOKEN,
	expectNoSecret,
	runPlivo,
	useSimulator,
} from './setup';

const simulator = useSimulator();
const members = ['+14155550401', '+14155550402', '+14155550403'];
const callNode = { phloId: DEMO.phloId, nodeId: DEMO.nodeId };
const fast = { maxConcurrency: 1, timeout: 400, maxRetryWait: 10 };

const OPERATIONS = {
	read: { resource: 'multiPartyCall', operation: 'get', ...callNode },
	toggle: {
		resource: 'member',
		operation: 'hold',
		...callNode,
		memberAddress: '={{ $json.member }}',
	},
	place: {
		resource: 'multiPartyCall',
		operation: 'addMember',
		...callNode,
		to: '={{ $json.member }}',
		role: 'customer',
		triggerSource: DEMO.agent,
	},
} as const;
type Kind = keyof typeof OPERATIONS;

type Outcome = 'ok' | RegExp;
interface Case {
	name: string;
	fault: FaultSpec;
	/** What happens to the faulted item, per kind of operation, and how many tries reached the server. */
	expect: Record<Kind, [Outcome, number]>;
	/** For a 429: the least time between the refused try and the retry (what Retry-After or back-off asks). */
	minWaitMs?: number;
	/** What else must hold after the run. */
	also?: () => void;
	/** Node options for this case, over the fast defaults. */
	options?: IDataObject;
}

const UNKNOWN = /did not answer|dropped|Plivo answered 5\d\d|Plivo: /;
const REDIRECT = /^Plivo answered 307, a redirect to 127\.0\.0\.2:\d+(?: \[item 1\])?$/;
const TOO_LARGE = /larger than 1 MB/;
const PAST_DEADLINE = /did not answer within 400 ms \(gave up after \d+ ms\)/;
const nothingReachedTheOtherHost = () => expect(simulator().otherHostRequests()).toEqual([]);
const CASES: Case[] = [
	{
		name: '429 with Retry-After seconds',
		fault: { kind: 'status', status: 429, retryAfter: 1 },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: ['ok', 2] },
		minWaitMs: 950,
	},
	{
		name: '429 with Retry-After date',
		// an HTTP date has whole seconds: 2 s ahead is at least 1 s of waiting
		fault: { kind: 'status', status: 429, retryAfter: 'date', retryAfterSeconds: 2 },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: ['ok', 2] },
		minWaitMs: 1000,
	},
	{
		name: '429 without Retry-After',
		fault: { kind: 'status', status: 429 },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: ['ok', 2] },
		// back-off with jitter: at least half of the first step
		minWaitMs: 240,
	},
	{
		name: '500 not processed',
		fault: { kind: 'status', status: 500, process: false },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: [UNKNOWN, 1] },
	},
	{
		name: '500 after acting',
		fault: { kind: 'status', status: 500, process: true },
		expect: { read: ['ok', 2], toggle: [/^Plivo: /, 2], place: [UNKNOWN, 1] },
	},
	{
		name: '502 HTML page',
		fault: { kind: 'html', status: 502 },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: [/HTML page/, 1] },
	},
	{
		name: 'timeout',
		fault: { kind: 'delay', delayMs: 1500, process: false },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: [/did not answer within 400 ms/, 1] },
	},
	{
		name: 'connection reset',
		fault: { kind: 'reset', process: false },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: [/dropped/, 1] },
	},
	{
		name: 'reset mid-response after acting',
		fault: { kind: 'reset', process: true },
		expect: { read: ['ok', 2], toggle: [/^Plivo: /, 2], place: [/dropped/, 1] },
	},
	{
		name: 'truncated body',
		fault: { kind: 'truncated' },
		expect: { read: ['ok', 2], toggle: [/^Plivo: /, 2], place: [/dropped|not JSON/, 1] },
	},
	{
		name: 'empty 200',
		fault: { kind: 'empty', status: 200, process: false },
		expect: { read: [/empty body/, 1], toggle: [/empty body/, 1], place: [/empty body/, 1] },
	},
	{
		name: 'malformed JSON',
		fault: { kind: 'malformed', process: false },
		expect: { read: [/not JSON/, 1], toggle: [/not JSON/, 1], place: [/not JSON/, 1] },
	},
	{
		name: 'redirect to another host (never followed)',
		fault: { kind: 'redirect', status: 307 },
		expect: { read: [REDIRECT, 1], toggle: [REDIRECT, 1], place: [REDIRECT, 1] },
		also: nothingReachedTheOtherHost,
	},
	{
		name: 'redirect loop (never followed)',
		fault: { kind: 'redirect', status: 302, location: 'self', times: 50 },
		expect: {
			read: [/Plivo answered 302/, 1],
			toggle: [/Plivo answered 302/, 1],
			place: [/Plivo answered 302/, 1],
		},
	},
	{
		name: 'body dripping past the deadline',
		fault: { kind: 'drip', dripMs: 100, process: false },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: [PAST_DEADLINE, 1] },
	},
	{
		name: 'headers, then silence',
		fault: { kind: 'stall', process: false },
		expect: { read: ['ok', 2], toggle: ['ok', 2], place: [PAST_DEADLINE, 1] },
	},
	{
		name: '50 MB answer',
		fault: { kind: 'oversized' },
		// the simulator takes its time to write 50 MB; the size, not the clock, must stop the node
		options: { timeout: 15_000 },
		expect: { read: [TOO_LARGE, 1], toggle: [TOO_LARGE, 1], place: [TOO_LARGE, 1] },
	},
	{
		name: 'gzip bomb (100 kB inflating to 100 MB)',
		fault: { kind: 'gzipBomb' },
		// the simulator compresses 100 MB once before it answers
		options: { timeout: 15_000 },
		expect: { read: [TOO_LARGE, 1], toggle: [TOO_LARGE, 1], place: [TOO_LARGE, 1] },
	},
	{
		name: 'token echoed in a success',
		fault: { kind: 'echoToken', echoIn: 'field', process: true },
		expect: { read: ['ok', 1], toggle: ['ok', 1], place: ['ok', 1] },
	},
	{
		name: 'token echoed as JSON escapes in an error',
		fault: { kind: 'echoToken', echoIn: 'error', escaped: true },
		expect: { read: [/^Plivo: /, 1], toggle: [/^Plivo: /, 1], place: [/^Plivo: /, 1] },
	},
	{
		name: 'token straddling character 500 of an error',
		fault: { kind: 'echoToken', echoIn: 'straddle' },
		expect: { read: [/^Plivo: /, 1], toggle: [/^Plivo: /, 1], place: [/^Plivo: /, 1] },
	},
	{
		name: '2xx without api_id',
		fault: { kind: 'noApiId', process: false },
		expect: {
			read: [/without an api_id/, 1],
			toggle: [/without an api_id/, 1],
			place: [/without an api_id/, 1],
		},
	},
];

function seed(): void {
	simulator().seedCall({
		...callNode,
		members: [
			{ address: DEMO.agent, role: 'agent' },
			...['+14155550401', '+14155550402', '+14155550403'].map((address) => ({
				address,
				role: 'customer' as const,
			})),
		],
	});
}

describe.each(CASES)('$name', ({ fault, expect: expected, minWaitMs, also, options }) => {
	describe.each(Object.keys(OPERATIONS) as Kind[])('%s', (kind) => {
		const [outcome, tries] = expected[kind];
		const parameters = { ...OPERATIONS[kind], options: { ...fast, ...options } };
		const items = members.map((member) => ({ member }));

		beforeEach(() => {
			if (kind === 'place') {
				simulator().seedCall({ ...callNode, members: [{ address: DEMO.agent, role: 'agent' }] });
			} else {
				seed();
			}
			simulator().addFault({ ...fault, match: { nth: 2 } });
		});

		it('continue-on-fail: three items out, paired, in order; the second as expected', async () => {
			const run = await runPlivo(simulator(), items, parameters, { continueOnFail: true });
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			// a read outputs Plivo's node record; the others a success flag
			const succeeded = (json: IDataObject) =>
				kind === 'read' ? json.node_id === DEMO.nodeId : json.success === true;
			expect(succeeded(run.items[0].json)).toBe(true);
			if (kind === 'place' && outcome !== 'ok') {
				// One agent adds all three: its later item must not overtake the one that failed.
				expect(String(run.items[2].json.error)).toMatch(
					/^Not sent: item 1 for the same participant (failed|has an unknown outcome) \[item 2\]$/,
				);
			} else {
				expect(succeeded(run.items[2].json)).toBe(true);
			}
			if (outcome === 'ok') {
				expect(succeeded(run.items[1].json)).toBe(true);
			} else {
				expect(run.items[1].json.success).toBe(false);
				expect(String(run.items[1].json.error)).toMatch(outcome);
			}
			if (kind !== 'read') {
				const target = (r: { path: string; rawBody: string }) =>
					r.path.endsWith(members[1]) || r.rawBody.includes(members[1]);
				expect(simulator().requests.filter(target)).toHaveLength(tries);
			} else {
				expect(simulator().requests).toHaveLength(2 + tries);
			}
			if (kind === 'place') {
				expect(Object.values(simulator().counts().byKey).every((count) => count <= 1)).toBe(true);
			}
			if (minWaitMs !== undefined) {
				const refused = simulator().requests.find((r) => r.status === 429)!;
				const retry = simulator().requests.find(
					(r) => r.seq > refused.seq && r.rawBody === refused.rawBody && r.path === refused.path,
				)!;
				expect(retry.at - refused.at).toBeGreaterThanOrEqual(minWaitMs);
			}
			also?.();
			expectNoSecret(run);
		});

		it('without continue-on-fail: the run stops on the second item only when it fails', async () => {
			const run = await runPlivo(simulator(), items, parameters);
			if (outcome === 'ok') {
				expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
				expect(run.items).toHaveLength(3);
			} else {
				const error = run.nodeError(PLIVO_NODE)!;
				expect(error.message).toMatch(outcome);
				expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
				// the third item is never started once the second has failed
				expect(
					simulator().requests.some(
						(r) => r.path.endsWith(members[2]) || r.rawBody.includes(members[2]),
					),
				).toBe(false);
			}
			also?.();
			expectNoSecret(run);
		});
	});
});

describe('secrets', () => {
	it('are scrubbed when Plivo echoes the request, Authorization header included', async () => {
		simulator().addFault({
			kind: 'status',
			status: 400,
			body: {
				api_id: 'x',
				error: `bad request: Authorization: Basic ${Buffer.from('MA0123456789ABCDEF01:sim-token-7f3a9c2e5b1d4068').toString('base64')} token=sim-token-7f3a9c2e5b1d4068`,
			},
		});
		const run = await runPlivo(simulator(), [{}], OPERATIONS.read, { continueOnFail: true });
		expect(String(run.items[0].json.error)).toContain('[redacted]');
		expectNoSecret(run);
	});
});

describe('secrets in what the server answers', () => {
	const run = { resource: 'phlo', operation: 'run', phloId: DEMO.phloId, payloadType: 'none' };

	it("are scrubbed from a Run's message before it is output", async () => {
		simulator().addFault({ kind: 'echoToken', echoIn: 'message' });
		const result = await runPlivo(simulator(), [{}], run);
		expect(result.items[0].json.message).toContain('[redacted]');
		expectNoSecret(result);
	});

	it('are never echoed from the credential: an Auth ID that is really the token is refused unseen', async () => {
		const result = await runPlivo(simulator(), [{}], run, {
			credential: { authId: TOKEN, authToken: DEFAULT_ACCOUNT.authId },
			continueOnFail: true,
		});
		expect(String(result.items[0].json.error)).toContain('is not a Plivo Auth ID');
		expect(simulator().requests).toHaveLength(0);
		expectNoSecret(result);
	});

	it('a Basic header built from values pasted with a trailing newline still signs in', async () => {
		const result = await runPlivo(simulator(), [{}], OPERATIONS.read, {
			credential: {
				authId: `${DEFAULT_ACCOUNT.authId}\n`,
				authToken: `${DEFAULT_ACCOUNT.authToken}\n`,
			},
		});
		expect(result.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(result.items[0].json.node_id).toBe(DEMO.nodeId);
	});
});

describe('cancellation', () => {
	it('stops a run waiting out a long Retry-After at once', async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 30, match: { nth: 1 } });
		const started = Date.now();
		const run = await runPlivo(
			simulator(),
			[{}],
			{ ...OPERATIONS.read, options: { maxRetryWait: 60 } },
			{ abortAfterMs: 300 },
		);
		// cancelled long before the 30 s the server asked for; no second request was sent
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(simulator().requests).toHaveLength(1);
		expect(run.items).toHaveLength(0);
	});
});

describe('rate-limit budget', () => {
	it('gives up when Plivo asks for a wait beyond Max Retry Wait, saying it is safe to run again', async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 120, match: { nth: 1 } });
		const run = await runPlivo(simulator(), [{}], {
			...OPERATIONS.read,
			options: { maxRetryWait: 5 },
		});
		const error = run.nodeError(PLIVO_NODE) as { message: string; description: string };
		expect(error.message).toContain('rate limit');
		expect(error.description).toContain('safe to run this item again');
		expect(simulator().requests).toHaveLength(1);
	});

	// Before, the run's shared pause held every later item for the whole Retry-After, one after
	// another (4 items: 6.2 s, 30 items: 30 s), although none of them would wait that long.
	it.each([4, 30])(
		'a Retry-After longer than Max Retry Wait fails all %i items at once, without sending the rest into it',
		async (count) => {
			const retryAfterS = 2;
			simulator().addFault({ kind: 'status', status: 429, retryAfter: retryAfterS, times: 1000 });
			const started = Date.now();
			const run = await runPlivo(
				simulator(),
				Array.from({ length: count }, () => ({})),
				{ ...OPERATIONS.read, options: { maxRetryWait: 0.5, maxConcurrency: 1 } },
				{ continueOnFail: true },
			);
			const elapsedMs = Date.now() - started;
			expect(run.items.map((item) => item.json.success)).toEqual(new Array(count).fill(false));
			for (const { json } of run.items) {
				expect(json.error).toContain('rate limit');
				expect(json.description).toContain('safe to run this item again');
			}
			expect(String(run.items[1].json.description)).toContain('longer than Max Retry Wait');
			// Only the first was sent; the others saw the pause and did not wait for it.
			expect(simulator().requests).toHaveLength(1);
			expect(elapsedMs).toBeLessThan(retryAfterS * 1000);
		},
	);

	it('stops after Max Retries 429s', async () => {
		simulator().addFault({ kind: 'status', status: 429, retryAfter: 0, times: 10 });
		const run = await runPlivo(simulator(), [{}], {
			...OPERATIONS.read,
			options: { maxRetries: 2 },
		});
		expect(run.nodeError(PLIVO_NODE)?.message).toContain('rate limit');
		expect(simulator().requests).toHaveLength(3);
	});
});
