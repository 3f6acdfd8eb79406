/**
 * The bounds of what a node run remembers across n8n's Retry On Fail, through n8n's engine: a
 * bound drops only what no try can ask for, and where the node cannot remember it fails safe
 * (not sent again, outcome unknown), never sends again.
 */
import {
	callPath,
	PLIVO_NODE,
	runPhlo,
	runPlivo,
	seedCall,
	useSimulator,
	warmTransfer,
} from './setup';

const simulator = useSimulator();
const contacts = (prefix: string, count: number) =>
	Array.from({ length: count }, (_, i) => ({ contact: `${prefix}-${i}` }));
const contactOf = (rawBody: string) => (JSON.parse(rawBody) as { contact: string }).contact;

/** How many requests reached the simulator per contact, for those sent more than once. */
function sentTwice(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { rawBody } of simulator().requests) {
		const contact = contactOf(rawBody);
		counts[contact] = (counts[contact] ?? 0) + 1;
	}
	return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 1));
}

/** Plivo refuses the n-th request unprocessed (a 400): n8n tries the node again. */
const refuseNth = (nth: number) =>
	simulator().addFault({
		kind: 'status',
		status: 400,
		body: { api_id: 'refused', error: 'busy' },
		match: { nth },
	});

// 20,002 items through the engine take over 5 minutes on a 2-core machine: the memory module is
// tested at that size (test/unit/executionMemory.test.ts), the engine with a run past the bound.
describe('many items', () => {
	it('past the byte bound: the next try fails safe, sending none of the answered again', async () => {
		// 200 answers of about 60 KB each, kept twice over (UTF-16): past the 16 MB the memory keeps.
		const count = 200;
		const fields = Object.fromEntries(
			Array.from({ length: 60 }, (_, n) => [`field${n}`, 'x'.repeat(1000)]),
		);
		simulator().addFault({
			kind: 'status',
			status: 201,
			body: { api_id: 'answered', message: 'Phlo run triggered successfully.', ...fields },
			times: count - 1,
		});
		refuseNth(count);
		const run = await runPlivo(
			simulator(),
			contacts('big', count),
			runPhlo({ maxConcurrency: 20 }),
			{ settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 } },
		);
		expect(run.nodeError(PLIVO_NODE)?.message).toBe('Outcome unknown, not sent again [item 0]');
		expect(simulator().requests).toHaveLength(count);
		expect(sentTwice()).toEqual({});
	}, 120_000);
});

/** Two call nodes of one PHLO, each with a call on which DEMO.agent can transfer. */
const CALL_NODES = ['5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5e10', '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5e11'];
/** Item 0 transfers on the first call node, item 1 on the second. */
const transfers = CALL_NODES.map((nodeId) => ({ nodeId }));
const transferEach = warmTransfer({ nodeId: '={{ $json.nodeId }}' });
const transfersTo = (nodeId: string) =>
	simulator().requests.filter((request) => request.path === callPath(nodeId)).length;
const until = async (condition: () => boolean) => {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('runs that wait between tries or run long', () => {
	beforeEach(() => {
		for (const nodeId of CALL_NODES) seedCall(simulator(), nodeId);
	});

	it("another execution's big run ending while a small run waits does not evict the small run's memory", async () => {
		const [answered, refused] = CALL_NODES;
		// The small run's item 1 is refused on its first four tries; n8n waits 5 s between tries.
		simulator().addFault({
			kind: 'status',
			status: 400,
			body: { api_id: 'refused', error: 'busy' },
			match: { path: callPath(refused) },
			times: 4,
		});
		const small = runPlivo(simulator(), transfers, transferEach, {
			settings: { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 },
		});
		await until(() => transfersTo(refused) >= 1);
		// Meanwhile, another execution's run keeps past the 16 MB bound (200 answers of ~60 KB).
		const fields = Object.fromEntries(
			Array.from({ length: 60 }, (_, n) => [`field${n}`, 'x'.repeat(1000)]),
		);
		simulator().addFault({
			kind: 'status',
			status: 201,
			body: { api_id: 'answered', message: 'Phlo run triggered successfully.', ...fields },
			match: { path: /\/phlo\/[^/]+$/ },
			times: Infinity,
		});
		const big = await runPlivo(simulator(), contacts('big', 200), runPhlo({ maxConcurrency: 20 }), {
			settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
		});
		expect(big.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(transfersTo(refused)).toBeLessThan(5); // it ended before the small run's last try
		const run = await small;
		expect(run.nodeError(PLIVO_NODE)).toBeUndefined();
		expect(transfersTo(answered)).toBe(1);
		expect(transfersTo(refused)).toBe(5);
	}, 90_000);

	it('a try still running after 10 minutes keeps its memory', async () => {
		const [answered, refused] = CALL_NODES;
		// Item 1 meets a 429 and, once it has waited, a refusal: n8n tries the node again.
		simulator().addFault({
			kind: 'status',
			status: 429,
			retryAfter: 1,
			match: { path: callPath(refused), nth: 1 },
		});
		simulator().addFault({
			kind: 'status',
			status: 400,
			body: { api_id: 'refused', error: 'busy' },
			match: { path: callPath(refused), nth: 2 },
		});
		const realNow = Date.now.bind(Date);
		let offsetMs = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
		try {
			const run = runPlivo(simulator(), transfers, transferEach, {
				settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			});
			await until(() => transfersTo(refused) >= 1);
			// While item 1 waits out its Retry-After, 11 minutes pass and another execution runs.
			offsetMs = 11 * 60_000;
			await runPlivo(simulator(), contacts('other', 1), runPhlo(), {
				settings: { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 },
			});
			const done = await run;
			expect(done.nodeError(PLIVO_NODE)).toBeUndefined();
			expect(transfersTo(answered)).toBe(1);
			expect(transfersTo(refused)).toBe(3);
		} finally {
			clock.mockRestore();
		}
	}, 60_000);
});
