/**
 * One simulator per test file, on a loopback port: started before the file's tests, closed after
 * them, and back to its seeded state before each test (then `onReset`, e.g. the node's paces).
 */
import { startSimulator, type Simulator, type SimulatorOptions } from '../simulator';

export function useSimulator(
	options: SimulatorOptions & { onReset?: () => void } = {},
): () => Simulator {
	const { onReset, ...simulatorOptions } = options;
	let simulator: Simulator | undefined;
	beforeAll(async () => {
		simulator = await startSimulator(simulatorOptions);
	});
	afterAll(async () => {
		await simulator?.close();
	});
	beforeEach(() => {
		simulator?.reset();
		onReset?.();
	});
	return () => {
		if (!simulator)
			throw new Error('The simulator starts in beforeAll: use it inside a test or hook');
		return simulator;
	};
}
