/**
 * The transport: sends one item's request to Plivo, retrying as the retry policy decides, pacing
 * through flow control, and returns Plivo's JSON answer or throws the error that says why not.
 * This file only does I/O; decisions live in retryPolicy.ts, wording in errors.ts.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { sleep } from '../n8nBehaviour';

import { settle } from './answer';
import { noTurnError, runStoppedError, waitCancelledError } from './errors';
import { createRedactor } from './redact';
import { afterRetry, decide, type Decision, type Outcome, type RetryState } from './retryPolicy';
import { send } from './send';
import type { Attempt, Connection, Pacer, PhloRequest, RequestSettings } from './types';
import { requireAuthId } from '../helpers/validation';

export { CREDENTIAL_TYPE } from './send';
export type { RepeatPolicy } from './retryPolicy';
export type { Connection, Pacer, PhloRequest, RequestSettings } from './types';

/** Kept equal to package.json's version by a test. */
export const PACKAGE_VERSION = '0.1.0';
const USER_AGENT = `n8n-nodes-plivo-phlo/${PACKAGE_VERSION}`;

export function createConnection(
	credentials: ICredentialDataDecryptedObject,
	apiRoot: string,
	settings: RequestSettings,
	pacer: Pacer,
	signal?: AbortSignal,
): Connection {
	return {
		apiRoot,
		authId: String(credentials.authId ?? '').trim(),
		redact: createRedactor(String(credentials.authId ?? ''), String(credentials.authToken ?? '')),
		settings,
		pacer,
		signal,
	};
}

/**
 * Sends one request for one item: waits its turn, retries what may be retried, and returns
 * Plivo's JSON answer or throws a NodeApiError that carries Plivo's own text, the status and a
 * hint.
 */
export async function plivoRequest(
	ctx: IExecuteFunctions,
	connection: Connection,
	request: PhloRequest,
	itemIndex: number,
): Promise<IDataObject> {
	const { settings, pacer, signal } = connection;
	const options = requestOptions(connection, request);
	let state: RetryState = { retries: 0, waitedMs: 0 };
	const firstAskedAt = Date.now();
	for (;;) {
		try {
			await pacer.awaitTurn(settings.maxRetryWaitMs, firstAskedAt);
		} catch (error) {
			throw noTurnError(ctx.getNode(), error, settings, itemIndex, state);
		}
		if (signal?.aborted) throw waitCancelledError(ctx.getNode(), itemIndex, state);
		if (connection.stopped?.()) throw runStoppedError(ctx.getNode(), itemIndex, state.unsureTry);
		const attempt = await send(ctx, options, settings.timeoutMs, signal);
		const decision = decide(request.repeat, outcomeOf(attempt), state, settings);
		report(pacer, attempt, decision);
		if (decision.action === 'stop') {
			return settle(ctx.getNode(), connection, request, attempt, decision, state, itemIndex);
		}
		state = afterRetry(state, decision);
		const waited = state;
		await sleep(decision.waitMs, signal).catch(() => {
			throw waitCancelledError(ctx.getNode(), itemIndex, waited);
		});
	}
}

function outcomeOf(attempt: Attempt): Outcome {
	if (attempt.kind === 'fault') return attempt;
	const { status, headers } = attempt.answer;
	return { kind: 'answer', status, retryAfter: headers['retry-after'] };
}

/** Tells flow control what Plivo's answer says about the account's pace. */
function report(pacer: Pacer, attempt: Attempt, decision: Decision): void {
	if (attempt.kind !== 'answer') return;
	if (attempt.answer.status === 429) pacer.onThrottled(decision.waitMs, attempt.elapsedMs);
	else pacer.onAnswered(attempt.elapsedMs);
}

/** Where a request goes: the API root, the account for account-scoped paths, the path. */
export function requestUrl(
	{ apiRoot, authId }: Pick<Connection, 'apiRoot' | 'authId'>,
	request: PhloRequest,
): string {
	const account = request.scope === 'account' ? `/account/${requireAuthId(authId)}` : '';
	return `${apiRoot}${account}${request.path}`;
}

function requestOptions(connection: Connection, request: PhloRequest): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: request.method,
		url: requestUrl(connection, request),
		headers: { 'User-Agent': USER_AGENT, Accept: 'application/json' },
		// The client's own (idle) timeout; send() holds the whole exchange to the same deadline.
		timeout: connection.settings.timeoutMs,
	};
	if (request.method === 'POST') {
		options.headers!['Content-Type'] = 'application/json';
		options.body = JSON.stringify(request.body ?? {});
	}
	return options;
}
