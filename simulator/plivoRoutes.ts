/**
 * Plivo's PHLO API (phlo-api.md): the account read the credential test sends, Get PHLO, Get and
 * act on a Multi-Party Call node, member actions and Run PHLO, each with Plivo's validation texts.
 * Every route answers with data; the state changes only for a 2xx.
 */
import { randomUUID } from 'node:crypto';

import type { Account } from './accounts';
import { acknowledged, failure, STATUS_TEXT, type Answer } from './answers';
import {
	DIAL_ACTIONS,
	MEMBER_ACTIONS,
	addressKey,
	MultiPartyCall,
	StateError,
	type DialAction,
	type MemberAction,
} from './callState';
import { isObject } from './http';
import type { PhloBook } from './phloBook';
import type { RequestRecord } from './record';

const MPC_PATH = /^\/v1\/phlo\/([^/]+)\/multi_party_call\/([^/]+)\/?$/;
const MEMBER_PATH = /^\/v1\/phlo\/([^/]+)\/multi_party_call\/([^/]+)\/members\/([^/]+)\/?$/;
const PHLO_PATH = /^\/v1\/phlo\/([^/]+)\/?$/;
const RUN_PATH = /^\/v1\/account\/([^/]+)\/phlo\/([^/]+)\/?$/;
const ACCOUNT_PATH = /^\/v1\/Account\/([^/]+)\/?$/i;

const NOT_ALLOWED = () => failure(405, STATUS_TEXT[405]);
const WRONG_ACCOUNT = () => failure(401, 'auth_id in the URL does not match the credentials');
const NOT_AN_OBJECT = () => failure(400, 'Invalid payload: expected a JSON object.');

/**
 * The participant a request acts on, so the record can show their order and overlap: the trigger
 * source of a call or transfer on a node, or the member an action is for. Undefined for the rest.
 */
export function participantOf(method: string, path: string, body: unknown): string | undefined {
	if (method !== 'POST') return undefined;
	const member = path.match(MEMBER_PATH);
	if (member) return `${member[1]}/${member[2]} member ${addressKey(member[3])}`;
	const node = path.match(MPC_PATH);
	const source = isObject(body) ? body.trigger_source : undefined;
	if (!node || typeof source !== 'string') return undefined;
	return `${node[1]}/${node[2]} source ${addressKey(source)}`;
}

/** Plivo's own logic for one authenticated request: the answer, with the state change applied for a 2xx. */
export function answerPlivo(book: PhloBook, record: RequestRecord, account: Account): Answer {
	const answer = route(book, record, account);
	record.processed = answer.status < 300;
	return answer;
}

function route(book: PhloBook, record: RequestRecord, account: Account): Answer {
	const { method, decodedPath: path } = record;
	let match: RegExpMatchArray | null;
	if ((match = path.match(ACCOUNT_PATH))) {
		if (method !== 'GET') return NOT_ALLOWED();
		if (match[1] !== account.authId) return WRONG_ACCOUNT();
		return { status: 200, json: accountDetails(account) };
	}
	if ((match = path.match(RUN_PATH))) {
		if (method !== 'POST') return NOT_ALLOWED();
		if (match[1] !== account.authId) return WRONG_ACCOUNT();
		return run(book, match[2], record);
	}
	if ((match = path.match(MEMBER_PATH))) {
		if (method !== 'POST') return NOT_ALLOWED();
		return memberAction(book, match, record.body);
	}
	if ((match = path.match(MPC_PATH))) return multiPartyCall(book, match, record);
	if ((match = path.match(PHLO_PATH))) {
		if (method !== 'GET') return NOT_ALLOWED();
		const phlo = book.phlo(match[1]);
		if (!phlo) return failure(404, 'PHLO not found');
		const { phloId, name, createdOn } = phlo;
		return {
			status: 200,
			json: { api_id: randomUUID(), phlo_id: phloId, name, created_on: createdOn },
		};
	}
	return failure(404, STATUS_TEXT[404]);
}

function accountDetails(account: Account) {
	return {
		api_id: randomUUID(),
		auth_id: account.authId,
		account_type: 'standard',
		name: account.name,
		cash_credits: '25.00000',
		timezone: 'Etc/UTC',
		resource_uri: `/v1/Account/${account.authId}/`,
	};
}

function node(book: PhloBook, phloId: string, nodeId: string) {
	const phlo = book.phlo(phloId);
	if (!phlo) return failure(404, 'PHLO not found');
	const name = phlo.nodes[nodeId];
	if (!name) return failure(404, 'Multi-Party Call node not found in this PHLO');
	return { name, createdOn: phlo.createdOn };
}

/** GET reads the node; POST dials (call, warm or cold transfer). */
function multiPartyCall(
	book: PhloBook,
	[, phloId, nodeId]: RegExpMatchArray,
	{ method, body }: RequestRecord,
): Answer {
	const found = node(book, phloId, nodeId);
	if ('status' in found) return found;
	if (method === 'GET') {
		const json = {
			api_id: randomUUID(),
			node_id: nodeId,
			phlo_id: phloId,
			name: found.name,
			node_type: 'multi_party_call',
			created_on: found.createdOn,
		};
		return { status: 200, json };
	}
	if (method !== 'POST') return NOT_ALLOWED();
	return dial(book, phloId, nodeId, body);
}

function run(book: PhloBook, phloId: string, record: RequestRecord): Answer {
	const phlo = book.phlo(phloId);
	if (!phlo) return failure(404, 'PHLO not found');
	const payload = record.rawBody.trim() === '' ? {} : record.body;
	if (!isObject(payload)) return NOT_AN_OBJECT();
	const runId = randomUUID();
	if (phlo.runOutcome === 'failed') {
		const source = Object.keys(phlo.nodes)[0] ?? randomUUID();
		const message = `Phlo run ${runId} stopped. next node uuid not found for source node ${source}, output state: failed`;
		return { status: 201, json: { phlo_id: phloId, api_id: runId, message } };
	}
	// A run whose payload names a customer and an agent starts a call they are both on.
	const { customer, agent } = payload;
	if (phlo.mpcNodeId && typeof customer === 'string' && typeof agent === 'string') {
		book.startCall({
			phloId,
			nodeId: phlo.mpcNodeId,
			members: [
				{ address: customer, role: 'customer' },
				{ address: agent, role: 'agent' },
			],
		});
	}
	return {
		status: 201,
		json: { phlo_id: phloId, api_id: runId, message: 'Phlo run triggered successfully.' },
	};
}

function dial(book: PhloBook, phloId: string, nodeId: string, body: unknown): Answer {
	if (!isObject(body)) return NOT_AN_OBJECT();
	const { action, to, role = 'agent', trigger_source: triggerSource } = body;
	if (action === undefined) return failure(400, 'action is a mandatory param.');
	if (!DIAL_ACTIONS.includes(action as DialAction))
		return failure(400, 'Invalid value provided for action.');
	if (typeof to !== 'string' || to === '') return failure(400, 'to is a mandatory param.');
	if (typeof triggerSource !== 'string' || triggerSource === '')
		return failure(400, 'trigger_source is a mandatory param.');
	if (role !== 'agent' && role !== 'customer')
		return failure(400, 'Invalid value provided for role.');
	return changeState(book.call(phloId, nodeId), (call) =>
		call.dial(action as DialAction, to, role, triggerSource),
	);
}

function memberAction(
	book: PhloBook,
	[, phloId, nodeId, address]: RegExpMatchArray,
	body: unknown,
): Answer {
	const found = node(book, phloId, nodeId);
	if ('status' in found) return found;
	if (!isObject(body)) return NOT_AN_OBJECT();
	if (body.action === undefined) return failure(400, 'action is a mandatory param.');
	if (!MEMBER_ACTIONS.includes(body.action as MemberAction))
		return failure(400, 'Invalid value provided for action.');
	return changeState(book.call(phloId, nodeId), (call) =>
		call.act(body.action as MemberAction, address),
	);
}

/** Applies an action to the call, or answers the 400 whose text says why it makes no sense now. */
function changeState(call: MultiPartyCall, change: (call: MultiPartyCall) => void): Answer {
	try {
		change(call);
	} catch (error) {
		if (error instanceof StateError) return failure(400, error.message);
		throw error;
	}
	return acknowledged();
}
