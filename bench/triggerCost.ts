/**
 * The Plivo PHLO Trigger's own cost per request (`npx tsx bench/triggerCost.ts`): the V3
 * signature check (sorted query and body, HMAC-SHA256, constant-time compare), the nonce memory
 * and building the output item, for a typical signed Multi-Party Call callback, without n8n or
 * HTTP. Prints the median of 5 rounds of 20,000 requests, in microseconds per request.
 */
import { randomUUID } from 'node:crypto';

import { NonceMemory } from '../nodes/PlivoPhloTrigger/nonces';
import { outputOf } from '../nodes/PlivoPhloTrigger/output';
import {
	isSignedByPlivo,
	parseForm,
	signedText,
	v3Signature,
} from '../nodes/PlivoPhloTrigger/signature';

const TOKEN = 'bench-auth-token-0123456789';
const URL = 'https://n8n.example.com/webhook/0525f4a1-d776-4d1a-9cd4-fe1397731285/plivo?team=red';
const FORM = new URLSearchParams({
	EventName: 'ParticipantDigitInput',
	EventTimestamp: '2026-12-06 17:05:51',
	MPCName: 'support-4711',
	MPCUUID: 'f0e1d2c3-b4a5-4968-8776-655443322110',
	MemberID: '12',
	ParticipantRole: 'Customer',
	ParticipantCallUUID: 'c1a2b3d4-e5f6-4789-8abc-def012345678',
	From: '+14155550100',
	To: '+14155550200',
	Direction: 'inbound',
	Digits: '2',
}).toString();
const ROUNDS = 5;
const REQUESTS = 20_000;

const requests = Array.from({ length: REQUESTS }, () => {
	const nonce = randomUUID();
	const signature = v3Signature(TOKEN, signedText('POST', URL, parseForm(FORM), nonce));
	return { nonce, signature };
});

function round(): number {
	const nonces = new NonceMemory(300_000, REQUESTS);
	const started = process.hrtime.bigint();
	for (const { nonce, signature } of requests) {
		const body = parseForm(FORM);
		const signed = isSignedByPlivo(
			{ method: 'POST', url: URL, body, nonce, signatures: [signature] },
			[TOKEN],
		);
		if (!signed || nonces.check(nonce, 0) !== 'new') throw new Error('bench request refused');
		outputOf({
			method: 'POST',
			body: Object.fromEntries(new URLSearchParams(FORM)),
			query: { team: 'red' },
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-plivo-signature-v3': signature,
			},
			receivedAt: new Date(),
		});
	}
	return Number(process.hrtime.bigint() - started) / 1000 / REQUESTS;
}

const times = Array.from({ length: ROUNDS }, round).sort((a, b) => a - b);
console.log(
	`trigger cost per request (signature, nonce, output): median ${times[2].toFixed(1)} µs ` +
		`(rounds: ${times.map((t) => t.toFixed(1)).join(', ')} µs), Node ${process.version}`,
);
