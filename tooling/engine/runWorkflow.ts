/** Runs workflow JSON through n8n-core's WorkflowExecute, as a manual execution. */
import { randomUUID } from 'node:crypto';

import { WorkflowExecute } from 'n8n-core';
import {
	UnexpectedError,
	Workflow,
	type ExecutionBaseError,
	type IConnections,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IRunData,
	type IWorkflowBase,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { HarnessCredentialsHelper, type HarnessCredential } from './credentialsHelper';
import { ensureEnvironment } from './environment';
import { loadNodeTypes } from './nodeTypes';

export interface RunWorkflowOptions {
	/** The workflow's nodes (n8n workflow JSON shape), passed to the engine untouched. */
	nodes: INode[];
	connections: IConnections;
	/** Decrypted credentials keyed by id, referenced from `node.credentials`. */
	credentials?: Record<string, HarnessCredential>;
	/** Defaults to the node nothing connects into (a `test.items` node first). */
	startNode?: string;
	/** Cancels the execution after this many ms, as the editor's Stop button does. */
	abortAfterMs?: number;
	/** After abortAfterMs, how long the running node may take to stop before runWorkflow rejects (5000). */
	cancelGraceMs?: number;
	/** Workflow settings; defaults to `{ executionOrder: 'v1' }` as for a new n8n workflow. */
	settings?: IWorkflowSettings;
}

export interface RunResult {
	/** The engine's result: `resultData.runData`. */
	runData: IRunData;
	/** The workflow-level error (`resultData.error`), e.g. a node that failed without continue-on-fail. */
	error?: ExecutionBaseError | Error;
	/** `runData[node][0].data.main[0]`; throws with a readable message if absent. */
	output(nodeName: string): INodeExecutionData[];
	/** `runData[node][0].error`. */
	nodeError(nodeName: string): ExecutionBaseError | undefined;
	/** Whether abortAfterMs fired and the execution was cancelled. */
	cancelled: boolean;
	/** Everything the engine returned, for secret scans. */
	raw: IRun;
}

function defaultStartNode(nodes: INode[], connections: IConnections): string {
	const destinations = new Set<string>();
	for (const outputs of Object.values(connections)) {
		for (const groups of Object.values(outputs)) {
			for (const group of groups) for (const c of group ?? []) destinations.add(c.node);
		}
	}
	const roots = nodes.filter((node) => !node.disabled && !destinations.has(node.name));
	const root = roots.find((node) => node.type === 'test.items') ?? roots[0];
	if (!root) throw new UnexpectedError('The workflow has no node without inputs to start from');
	return root.name;
}

function buildResult(raw: IRun, cancelled: boolean): RunResult {
	const { runData, error } = raw.data.resultData;
	const describe = (nodeName: string): string =>
		`ran: ${Object.keys(runData).join(', ') || 'nothing'}` +
		(error ? `; workflow error: ${error.message}` : '');
	return {
		runData,
		error,
		cancelled,
		raw,
		output(nodeName) {
			const task = runData[nodeName]?.[0];
			if (!task) throw new Error(`Node "${nodeName}" did not run (${describe(nodeName)})`);
			const items = task.data?.main?.[0];
			if (!items) {
				const reason = task.error ? `it failed: ${task.error.message}` : 'it has no main output';
				throw new Error(`Node "${nodeName}" has no output: ${reason}`);
			}
			return items;
		},
		nodeError(nodeName) {
			return runData[nodeName]?.[0]?.error;
		},
	};
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunResult> {
	ensureEnvironment();
	const { credentials = {}, abortAfterMs } = options;
	// The engine fills parameter defaults into the node objects it is given, as n8n does on the
	// JSON it loads for each execution: give it copies so a test's workflow stays as written.
	const nodes = structuredClone(options.nodes);
	const connections = structuredClone(options.connections);
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...options.settings };
	const id = randomUUID();
	const workflow = new Workflow({
		id,
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		nodeTypes: loadNodeTypes(),
		settings,
	});
	const now = new Date();
	const workflowData: IWorkflowBase = {
		id,
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections,
		settings,
	};
	const executionId = randomUUID();
	const additionalData = buildAdditionalData(
		executionId,
		workflowData,
		new HarnessCredentialsHelper(credentials),
	);
	const startName = options.startNode ?? defaultStartNode(nodes, connections);
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new UnexpectedError(`Start node "${startName}" is not in the workflow`);
	const execution = new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode });

	if (abortAfterMs === undefined) return buildResult(await execution, false);

	// After cancel() the engine aborts getExecutionCancelSignal() and resolves once the running
	// node has returned or thrown: wait for that, but not forever.
	const grace = options.cancelGraceMs ?? 5_000;
	let cancelled = false;
	let timer: NodeJS.Timeout | undefined;
	const stuck = new Promise<never>((_resolve, reject) => {
		timer = setTimeout(() => {
			cancelled = true;
			execution.cancel();
			timer = setTimeout(() => {
				reject(
					new Error(
						`The execution was cancelled after ${abortAfterMs} ms but had not ended ${grace} ms ` +
							'later: a node does not stop on this.getExecutionCancelSignal()',
					),
				);
			}, grace);
		}, abortAfterMs);
	});
	try {
		const raw = await Promise.race([execution, stuck]);
		return buildResult(raw, cancelled);
	} finally {
		clearTimeout(timer);
	}
}
