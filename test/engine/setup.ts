/**
 * Shared by the engine tests: a simulator on a loopback port and a one-call way to run
 * "items → Plivo PHLO" through n8n's own execution engine with the built node.
 */
import { join } from 'node:path';

import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { itemsInto, runWorkflow, type RunResult } from '../../tooling/engine';
import { PACKAGE_ROOT } from '../../tooling/engine/nodeTypes';
import type * as Pacer from '../../nodes/PlivoPhlo/pace/accountPace';
import { DEFAULT_ACCOUNT, DEMO, type Simulator } from '../../simulator';
import { useSimulator as useSimulatorFor } from '../simulatorLifecycle';

export { DEFAULT_ACCOUNT, DEMO } from '../../simulator';
export const PLIVO_NODE = 'Plivo PHLO';
export const TOKEN = DEFAULT_ACCOUNT.authToken;
export const BASIC = Buffer.from(`${DEFAULT_ACCOUNT.authId}:${DEFAULT_ACCOUNT.authToken}`).toString(
	'base64',
);

export interface PlivoRun extends RunResult {
	items: INodeExecutionData[];
}

export interface RunOptions {
	/** Continue-on-fail: failed items on the main output, or (`'errorOutput'`) on the error output. */
	continueOnFail?: boolean | 'errorOutput';
	credential?: Partial<Record<'authId' | 'authToken' | 'environment' | 'baseUrl', string>>;
	abortAfterMs?: number;
	/** Node settings as the Settings tab stores them, e.g. Retry On Fail. */
	settings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	/** Changes the Items → Plivo PHLO workflow before it runs (e.g. a second way into the node). */
	rewire?: (workflow: ReturnType<typeof itemsInto>) => ReturnType<typeof itemsInto>;
}

/**
 * The built node's account paces: the module instance the engine runs (the harness loads dist/
 * through this file's module registry). One pace per account lives as long as the process, so a
 * Retry-After or a rate learned in one test would hold the next: each test starts as a fresh n8n.
 */
export function forgetAccountPaces(): void {
	const pacer = require(
		join(PACKAGE_ROOT, 'dist/nodes/PlivoPhlo/pace/accountPace'),
	) as typeof Pacer;
	pacer.forgetAccountPaces();
}

/** A simulator for a test file, reset with the node's account paces between tests. */
export const useSimulator = (): (() => Simulator) =>
	useSimulatorFor({ onReset: forgetAccountPaces });

/** The path of one of the demo PHLO's Multi-Party Call nodes (the demo call's unless given). */
export const callPath = (nodeId: string = DEMO.nodeId) =>
	`/v1/phlo/${DEMO.phloId}/multi_party_call/${nodeId}`;

/** A call on this node of the demo PHLO: a customer (DEMO.customer unless given) and an agent. */
export function seedCall(
	simulator: Simulator,
	nodeId: string,
	agent: string = DEMO.agent,
	customer: string = DEMO.customer,
): void {
	simulator.seedCall({
		phloId: DEMO.phloId,
		nodeId,
		members: [
			{ address: customer, role: 'customer' },
			{ address: agent, role: 'agent' },
		],
	});
}

/** Runs the given items through one Plivo PHLO node with these parameters. */
export async function runPlivo(
	simulator: Simulator,
	items: IDataObject[],
	parameters: IDataObject,
	options: RunOptions = {},
): Promise<PlivoRun> {
	const rewire = options.rewire ?? ((workflow) => workflow);
	const result = await runWorkflow({
		...rewire(
			itemsInto(items, {
				id: 'plivo',
				name: PLIVO_NODE,
				type: 'n8n-nodes-plivo-phlo.plivoPhlo',
				typeVersion: 1,
				parameters: parameters as INodeParameters,
				credentials: { plivoPhloApi: { id: 'cred', name: 'Plivo PHLO' } },
				...(options.continueOnFail
					? {
							onError:
								options.continueOnFail === 'errorOutput'
									? ('continueErrorOutput' as const)
									: ('continueRegularOutput' as const),
						}
					: {}),
				...options.settings,
			}),
		),
		credentials: {
			cred: {
				id: 'cred',
				name: 'Plivo PHLO',
				type: 'plivoPhloApi',
				data: {
					...DEFAULT_ACCOUNT,
					environment: 'custom',
					baseUrl: simulator.url,
					...options.credential,
				},
			},
		},
		abortAfterMs: options.abortAfterMs,
	});
	const error = result.nodeError(PLIVO_NODE);
	return Object.assign(result, { items: error ? [] : result.output(PLIVO_NODE) });
}

/** Run PHLO parameters sending each item's `contact` as the payload, with the given options. */
export const runPhlo = (options: Record<string, number> = {}) => ({
	resource: 'phlo',
	operation: 'run',
	phloId: DEMO.phloId,
	payloadType: 'fields',
	payloadFields: { field: [{ key: 'contact', value: '={{ $json.contact }}' }] },
	options,
});

/** Warm Transfer parameters: the demo call's agent brings in the specialist; `overrides` change any. */
export const warmTransfer = (overrides: Record<string, unknown> = {}) => ({
	resource: 'multiPartyCall',
	operation: 'warmTransfer',
	phloId: DEMO.phloId,
	nodeId: DEMO.nodeId,
	to: DEMO.specialist,
	role: 'agent',
	triggerSource: DEMO.agent,
	...overrides,
});

/** Everything the run produced, as text, for secret scans. */
export function everything(run: RunResult): string {
	const error = run.nodeError(PLIVO_NODE) ?? run.error;
	const errorParts = error
		? [
				error.message,
				(error as { description?: string }).description,
				JSON.stringify(error),
				String(error.stack),
			]
		: [];
	return [JSON.stringify(run.raw), ...errorParts].join('\n');
}

export function expectNoSecret(run: RunResult): void {
	const text = everything(run);
	expect(text).not.toContain(TOKEN);
	expect(text).not.toContain(BASIC);
}
