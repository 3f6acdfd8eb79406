/**
 * Drives a webhook trigger as n8n's webhook server does, through n8n-core's real WebhookContext
 * and WorkflowExecute: a loopback HTTP server keeps each request's raw body and parses it as n8n
 * does (form bodies with querystring, JSON), runs the node's webhook(), and when it returns items
 * runs the workflow from it ('webhook' mode, or 'manual' for the editor's test URL). It answers as
 * n8n does: at once for onReceived; for lastNode with the first item's JSON of the last node that
 * ran, unless the node answered already. The public URL n8n shows (WEBHOOK_URL) is INSTANCE_URL,
 * not the address the server listens on, as behind a proxy.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import { WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	type IConnections,
	type IHttpRequestMethods,
	type INode,
	type IRun,
	type IWebhookData,
	type IWorkflowBase,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import { HarnessCredentialsHelper, type HarnessCredential } from './credentialsHelper';
import { ensureEnvironment } from './environment';
import { loadNodeTypes } from './nodeTypes';

export interface WebhookHarnessOptions {
	nodes: INode[];
	connections: IConnections;
	credentials?: Record<string, HarnessCredential>;
	/** The trigger node's name. */
	trigger: string;
	/** The editor's test URL (/webhook-test/, 'manual' mode) instead of the production URL. */
	test?: boolean;
}

export interface WebhookHarness {
	/** Where the server listens (what a proxy in front of n8n would call). */
	listenUrl: string;
	/** The trigger's public URL, as n8n shows it and Plivo calls (and signs) it. */
	publicUrl: string;
	/** The path n8n serves the webhook on (`/webhook/<id>/plivo`). */
	path: string;
	/** Every execution the webhook started, in the order they ended. */
	executions: IRun[];
	/** Waits for every execution started so far to end. */
	settled(): Promise<void>;
	close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** As n8n's body parser: form bodies by querystring, JSON by JSON.parse, the raw bytes kept. */
function parseBody(req: IncomingMessage, raw: Buffer): unknown {
	const type = String(req.headers['content-type'] ?? '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return parseQueryString(raw.toString());
	if (type.includes('json') && raw.length > 0) return JSON.parse(raw.toString());
	return {};
}

function answer(res: ServerResponse, status: number, body: unknown): void {
	if (res.headersSent || res.writableEnded) return;
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

export async function startWebhookHarness(options: WebhookHarnessOptions): Promise<WebhookHarness> {
	ensureEnvironment();
	const nodeTypes = loadNodeTypes();
	const workflowId = randomUUID();
	const settings = { executionOrder: 'v1' as const };
	const trigger = options.nodes.find((node) => node.name === options.trigger);
	if (!trigger?.webhookId) throw new UnexpectedError(`Node "${options.trigger}" needs a webhookId`);
	const mode = options.test ? 'manual' : 'webhook';
	const endpoint = options.test ? 'webhook-test' : 'webhook';
	const executions: IRun[] = [];
	const running = new Set<Promise<unknown>>();
	const credentialsHelper = new HarnessCredentialsHelper(options.credentials ?? {});

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const raw = await readBody(req);
		const request = Object.assign(req, {
			rawBody: raw,
			body: parseBody(req, raw),
			query: parseQueryString((req.url ?? '').split('?')[1] ?? ''),
			originalUrl: req.url,
			params: {},
		});
		// A workflow per request, as n8n loads one for each execution.
		const nodes = structuredClone(options.nodes);
		const workflow = new Workflow({
			id: workflowId,
			name: 'Harness webhook workflow',
			nodes,
			connections: structuredClone(options.connections),
			active: !options.test,
			nodeTypes,
			settings,
		});
		const now = new Date();
		const workflowData: IWorkflowBase = {
			id: workflowId,
			name: 'Harness webhook workflow',
			active: !options.test,
			isArchived: false,
			activeVersionId: null,
			createdAt: now,
			updatedAt: now,
			nodes,
			connections: workflow.connectionsBySourceNode,
			settings,
		};
		const additionalData = buildAdditionalData(randomUUID(), workflowData, credentialsHelper);
		additionalData.httpRequest = request as never;
		additionalData.httpResponse = res as never;
		const node = workflow.getNode(options.trigger)!;
		const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const method = (req.method ?? 'GET') as IHttpRequestMethods;
		const description = nodeType.description.webhooks?.find((w) => w.httpMethod === method);
		if (!description || !nodeType.webhook) return answer(res, 404, { message: 'not registered' });
		const webhookData: IWebhookData = {
			httpMethod: method,
			node: node.name,
			path: String(description.path),
			webhookDescription: description,
			workflowId,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest: options.test === true,
		};
		const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
		const result = await nodeType.webhook.call(context);
		if (result.noWebhookResponse) return;
		if (!result.workflowData) return answer(res, 200, { message: 'Webhook call received' });
		const responseMode = workflow.expression.getSimpleParameterValue(
			node,
			description.responseMode ?? 'onReceived',
			mode,
			{},
			undefined,
			'onReceived',
		);
		if (responseMode === 'onReceived') answer(res, 200, { message: 'Workflow was started' });
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: result.workflowData }, source: null }],
			},
		});
		const run = await new WorkflowExecute(
			additionalData,
			mode,
			runExecutionData,
		).processRunExecutionData(workflow);
		executions.push(run);
		const { lastNodeExecuted, error } = run.data.resultData;
		if (error) return answer(res, 500, { message: 'Error in workflow' });
		if (responseMode !== 'lastNode' || !lastNodeExecuted) return;
		const first = run.data.resultData.runData[lastNodeExecuted]?.[0]?.data?.main?.[0]?.[0];
		answer(res, 200, first?.json ?? {});
	};

	const server: Server = createServer((req, res) => {
		const handled = handle(req, res).catch((error: Error) =>
			answer(res, 500, { message: error.message }),
		);
		running.add(handled);
		void handled.finally(() => running.delete(handled));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const additional = buildAdditionalData(
		'url',
		{ id: workflowId } as IWorkflowBase,
		credentialsHelper,
	);
	const path = `/${endpoint}/${trigger.webhookId}/plivo`;
	const base = options.test ? additional.webhookTestBaseUrl : additional.webhookBaseUrl;
	return {
		listenUrl: `http://127.0.0.1:${port}${path}`,
		publicUrl: `${base}/${trigger.webhookId}/plivo`,
		path,
		executions,
		async settled() {
			while (running.size > 0) await Promise.all([...running]);
		},
		async close() {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
