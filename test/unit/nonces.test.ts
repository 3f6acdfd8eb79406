/** The replay memory: a nonce is refused within the window, and a full memory forgets nothing. */
import { MAX_NONCES, NonceMemory, REPLAY_WINDOW_MS } from '../../nodes/PlivoPhloTrigger/nonces';

describe('NonceMemory', () => {
	it('refuses a nonce seen within the window and takes it again after', () => {
		const memory = new NonceMemory(1000, 10);
		expect(memory.check('a', 0)).toBe('new');
		expect(memory.check('a', 999)).toBe('replay');
		expect(memory.check('b', 999)).toBe('new');
		expect(memory.check('a', 1000)).toBe('new');
		expect(memory.check('b', 1500)).toBe('replay');
	});

	it('full of nonces still in their window: answers full, forgets none, so no replay passes', () => {
		const memory = new NonceMemory(1000, 3);
		for (const nonce of ['a', 'b', 'c']) expect(memory.check(nonce, 0)).toBe('new');
		expect(memory.check('d', 500)).toBe('full');
		for (const nonce of ['a', 'b', 'c']) expect(memory.check(nonce, 500)).toBe('replay');
		// Once the oldest window has passed, room again.
		expect(memory.check('d', 1000)).toBe('new');
		expect(memory.size).toBe(1);
	});

	it('keeps 10,000 nonces for 5 minutes by default', () => {
		expect(REPLAY_WINDOW_MS).toBe(300_000);
		expect(MAX_NONCES).toBe(10_000);
		const memory = new NonceMemory();
		for (let i = 0; i < MAX_NONCES; i++) memory.check(`n${i}`, i);
		expect(memory.check('one more', MAX_NONCES)).toBe('full');
		expect(memory.check('n0', REPLAY_WINDOW_MS - 1)).toBe('replay');
		expect(memory.check('one more', REPLAY_WINDOW_MS)).toBe('new');
	});
});
