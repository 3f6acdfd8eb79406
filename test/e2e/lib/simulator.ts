/** The PHLO simulator on a loopback port for the length of the run. */
import { startSimulator } from '../../../simulator';
import { onCleanup } from '../../../tooling/n8n/processes';

export async function startLoopbackSimulator() {
	const simulator = await startSimulator({ host: '127.0.0.1', port: 0 });
	onCleanup(() => simulator.close());
	return simulator;
}
