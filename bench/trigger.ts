/**
 * The Plivo PHLO Trigger's own cost per request, in process (`npx tsx bench/trigger.ts`): the
 * signature check (the V3 text, one HMAC per token, a constant-time compare), reading the form
 * body and building the output item, for a Multi-Party Call status callback as the simulator
 * signs it. Beside it, the HMAC alone, so the trigger's overhead shows as a ratio in one run.
 * Not a test: it asserts nothing.
 */
import { createHmac } from 'node:crypto';

import { isSignedByPlivo, parseForm } from '../nodes/PlivoPhloTrigger/signature';
import { outputOf } from '../nodes/PlivoPhloTrigger/output';
import { DEFAULT_ACCOUNT } from '../simulator';
import { formText } from '../simulator/delivery';
import { newNonce, signV3 } from '../simulator/signing';

const URL_CALLED = 'https://n8n.example.com/webhook/3f6d2a8c-1b7e-4c5d-9e0f-a1b2c3d4e5f6/plivo';
const FORM = {
	EventName: 'ParticipantJoin',
	EventTimestamp: '2026-12-06 17:05:51',
	MPCUUID: '1b9f8c2e-3d4a-4e5f-8a6b-7c8d9e0f1a2b',
	MPCName: 'Multi-Party Call_1',
	MemberID: '1001',
	ParticipantRole: 'Agent',
	ParticipantCallUUID: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
	ParticipantCoachMode: 'false',
	SequenceNumber: '2',
};
const ROUNDS = Number(process.env.BENCH_TRIGGER_ROUNDS ?? 20_000);

/** µs a request: the fastest of 10 batches, so a busy machine's pauses count less. */
function time(name: string, work: (i: number) => void): number {
	for (let i = 0; i < 2000; i++) work(i); // warm up
	let best = Infinity;
	for (let batch = 0; batch < 10; batch++) {
		const started = process.hrtime.bigint();
		for (let i = 0; i < ROUNDS / 10; i++) work(i);
		best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / (ROUNDS / 10));
	}
	console.log(`  ${name.padEnd(54)} ${best.toFixed(2)} µs a request`);
	return best;
}

const nonces = Array.from({ length: 1000 }, newNonce);
const body = formText(FORM);
const signatures = nonces.map((nonce) =>
	signV3(DEFAULT_ACCOUNT.authToken, 'POST', URL_CALLED, nonce, FORM),
);

console.log(
	`Plivo PHLO Trigger, cost per request in process (${ROUNDS} requests, Node ${process.version})`,
);
const hmac = time('HMAC-SHA256 of the signed text alone (the floor)', (i) =>
	createHmac('sha256', DEFAULT_ACCOUNT.authToken)
		.update(`${URL_CALLED}?${body}.${nonces[i % 1000]}`)
		.digest('base64'),
);
const check = time('signature check (form parsed, V3 text, HMAC, compare)', (i) => {
	const request = {
		method: 'POST',
		url: URL_CALLED,
		body: parseForm(body),
		nonce: nonces[i % 1000],
		signatures: [signatures[i % 1000]],
	};
	if (!isSignedByPlivo(request, [DEFAULT_ACCOUNT.authToken])) throw new Error('not signed');
});
const whole = time('signature check + output item', (i) => {
	const form = parseForm(body);
	const request = {
		method: 'POST',
		url: URL_CALLED,
		body: form,
		nonce: nonces[i % 1000],
		signatures: [signatures[i % 1000]],
	};
	if (!isSignedByPlivo(request, [DEFAULT_ACCOUNT.authToken])) throw new Error('not signed');
	outputOf({ method: 'POST', body: form, query: {}, headers: {}, receivedAt: new Date() });
});
console.log(
	`  ratios to the HMAC alone: check ${(check / hmac).toFixed(2)}, check + item ${(whole / hmac).toFixed(2)}`,
);
