/** Running a workflow with `n8n execute --rawOutput` and reading what it prints. */
import type { N8nHome } from './n8n';

export interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

interface NodeRun {
	data?: { main?: OutputItem[][] };
	error?: { message?: string; description?: string };
	/** The node's execution hints (addExecutionHints), as the editor shows them. */
	hints?: Array<{ message: string; type?: string; location?: string }>;
}

export interface Execution {
	/** The whole stdout (and stderr), for checks on what a user would see. */
	output: string;
	exitCode: number | null;
	runData: Record<string, NodeRun[]>;
	error?: { message?: string; description?: string; node?: { name?: string } };
}

/**
 * A successful run prints the run as JSON, starting at the first line that is just `{`; a failed
 * one prints "Execution error:" and the error's message on the next line, and no run data.
 */
export function parseExecution(stdout: string, stderr: string, exitCode: number | null): Execution {
	const output = `${stdout}\n${stderr}`;
	const start = stdout.search(/^\{\s*$/m);
	if (start < 0) {
		const message = output.match(/Execution error:\n(.*)/)?.[1];
		return {
			output,
			exitCode,
			runData: {},
			error: { message: message ?? `no run JSON in the output:\n${output.slice(-1500)}` },
		};
	}
	const end = stdout.lastIndexOf('\n}') + 2;
	const run = JSON.parse(stdout.slice(start, end)) as {
		data?: { resultData?: { runData?: Execution['runData']; error?: Execution['error'] } };
	};
	const resultData = run.data?.resultData ?? {};
	return { output, exitCode, runData: resultData.runData ?? {}, error: resultData.error };
}

export function outputItems(execution: Execution, node: string): OutputItem[] {
	return execution.runData[node]?.[0]?.data?.main?.[0] ?? [];
}

export function nodeError(execution: Execution, node: string) {
	return execution.runData[node]?.[0]?.error;
}

export function pairedIndexes(items: OutputItem[]): unknown[] {
	return items.map((item) =>
		Array.isArray(item.pairedItem) ? item.pairedItem.map((p) => p.item) : item.pairedItem?.item,
	);
}

/** Runs an imported workflow from its Manual Trigger and reads the run. */
export async function executeWorkflow(home: N8nHome, workflowId: string): Promise<Execution> {
	const result = await home.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
	return parseExecution(result.stdout, result.stderr, result.code);
}
