/** The adaptive concurrency of one node run: slow start and AIMD on 429 (turns: pacer.test.ts). */
import { FlowControl } from '../../nodes/PlivoPhlo/pace/flowControl';
import { AccountPace } from '../../nodes/PlivoPhlo/pace/accountPace';

const flow = (maxConcurrency = 20, maxRequestsPerSecond = 0) =>
	new FlowControl(
		{ maxConcurrency, maxRequestsPerSecond, maxTurnWaitMs: 300_000, maxRetryWaitMs: 60_000 },
		new AccountPace(),
	);
const answer = (control: FlowControl, times: number) => {
	for (let i = 0; i < times; i++) control.onAnswered(50);
};

beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00Z') }));
afterEach(() => jest.useRealTimers());

describe('window of requests in flight', () => {
	it('starts at half the ceiling, and never below 1 or above it', () => {
		expect(flow(20).limit).toBe(10);
		expect(flow(1).limit).toBe(1);
		expect(flow(3).limit).toBe(2);
	});

	it('doubles each round trip until the first 429 (slow start), up to the ceiling', () => {
		const control = flow(50);
		answer(control, 25); // one round trip of the 25 in flight
		expect(control.limit).toBe(50);
		answer(control, 100);
		expect(control.limit).toBe(50);
	});

	it('halves on a 429, at most once per round trip', () => {
		const control = flow(20);
		answer(control, 10);
		expect(control.limit).toBe(20);
		control.onThrottled(0, 50);
		expect(control.limit).toBe(10);
		control.onThrottled(0, 50); // the same burst answering 429: no second cut
		expect(control.limit).toBe(10);
		jest.advanceTimersByTime(200);
		control.onThrottled(0, 50);
		expect(control.limit).toBe(5);
	});

	it('after a 429, grows by about one per round trip (additive increase)', () => {
		const control = flow(20);
		answer(control, 10);
		control.onThrottled(0, 50);
		answer(control, 10); // one round trip of the 10 in flight
		expect(control.limit).toBe(10); // 10.95: not yet 11
		answer(control, 2);
		expect(control.limit).toBe(11);
	});

	it('never drops below one request in flight', () => {
		const control = flow(4);
		for (let i = 0; i < 10; i++) {
			control.onThrottled(0, 50);
			jest.advanceTimersByTime(200);
		}
		expect(control.limit).toBe(1);
	});
});

describe('forEach', () => {
	beforeEach(() => jest.useRealTimers());

	it('keeps at most the window in flight and starts items in input order', async () => {
		const control = flow(6);
		let inFlight = 0;
		let peak = 0;
		const started: number[] = [];
		await control.forEach(
			Array.from({ length: 30 }, (_, i) => i),
			async (index) => {
				started.push(index);
				peak = Math.max(peak, ++inFlight);
				await new Promise((resolve) => setTimeout(resolve, 2));
				control.onAnswered(2);
				inFlight--;
			},
			() => false,
		);
		expect(started).toEqual(Array.from({ length: 30 }, (_, i) => i));
		expect(peak).toBe(6);
	});

	it('starts nothing new once stop() says so, and waits for those in flight', async () => {
		const control = flow(2);
		const finished: number[] = [];
		await control.forEach(
			[0, 1, 2, 3, 4],
			async (index) => {
				await new Promise((resolve) => setTimeout(resolve, 2));
				finished.push(index);
			},
			() => finished.length > 0,
		);
		expect(finished.sort()).toEqual([0, 1]);
	});

	it("holds the account at the run's Max Requests per Second while it sends, and only then", async () => {
		const account = new AccountPace();
		const control = new FlowControl(
			{
				maxConcurrency: 4,
				maxRequestsPerSecond: 7,
				maxTurnWaitMs: 300_000,
				maxRetryWaitMs: 60_000,
			},
			account,
		);
		let paceDuring = 0;
		await control.forEach(
			[0],
			async () => {
				paceDuring = account.pace;
			},
			() => false,
		);
		expect(paceDuring).toBe(7);
		expect(account.pace).toBe(0);
	});
});
