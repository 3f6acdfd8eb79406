/**
 * Faults a hostile or broken server plays, beyond Plivo's own failures: redirects (to another
 * host, or to itself in a loop), a body that drips, headers and then silence, an oversized body,
 * a gzip bomb, and answers that echo the Auth Token back. See README.md in this folder.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import { acknowledged, startBody, writeBody, type Answer, type FaultResponse } from './answers';
import type { FaultSpec } from './faults';
import { bodyText, isObject, sleep } from './http';

const MB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** 3xx (default 307) with a Location: the same path on the other host, on itself, or a URL. */
const redirect: FaultResponse = (exchange, spec) => {
	const { self, otherHost } = exchange.urls ?? { self: '' };
	const target = spec.location ?? 'otherHost';
	const base = target === 'self' ? self : target === 'otherHost' ? otherHost : undefined;
	if (target === 'otherHost' && !otherHost) throw new Error('no listener on 127.0.0.2');
	const location = base === undefined ? target : `${base}${exchange.response.req.url ?? '/'}`;
	writeBody(exchange, spec.status ?? 307, '', 'application/json', { Location: location });
};

/** The whole body announced, then one byte every `dripMs` (default 400) until done or dropped. */
const drip: FaultResponse = async (exchange, spec, processed) => {
	const answer = processed ?? acknowledged();
	const body = Buffer.from(bodyText(spec.body) ?? JSON.stringify(answer.json ?? {}));
	startBody(exchange, spec.status ?? answer.status, body.length);
	exchange.response.flushHeaders();
	for (let at = 0; at < body.length; at++) {
		await sleep(spec.dripMs ?? 400);
		if (exchange.response.destroyed) return;
		exchange.response.write(body.subarray(at, at + 1));
	}
	exchange.response.end();
};

/** Headers (announcing a body) and then nothing, until the client gives up or the simulator closes. */
const stall: FaultResponse = (exchange, spec, processed) => {
	startBody(exchange, spec.status ?? processed?.status ?? 201, 64);
	exchange.response.flushHeaders();
};

/** A JSON-looking body of `sizeBytes` (default 50 MB), streamed in chunks as the client reads. */
const oversized: FaultResponse = async (exchange, spec) => {
	const size = spec.sizeBytes ?? 50 * MB;
	const head = Buffer.from(`{"api_id":"${randomUUID()}","error":"","padding":"`);
	const tail = Buffer.from('"}');
	const { response } = exchange;
	startBody(exchange, spec.status ?? 201, size);
	response.write(head);
	const filler = Buffer.alloc(CHUNK, 'x');
	for (let left = size - head.length - tail.length; left > 0; left -= CHUNK) {
		if (response.destroyed) return;
		const more = response.write(filler.subarray(0, Math.min(CHUNK, left)));
		if (!more) await drainedOrClosed(response);
	}
	response.end(tail);
};

const bombs = new Map<number, Buffer>();
/** ~100 kB of gzip (`Content-Encoding: gzip`) that inflates to `sizeBytes` (default 100 MB) of JSON-ish text. */
const gzipBomb: FaultResponse = (exchange, spec) => {
	const size = spec.sizeBytes ?? 100 * MB;
	let bomb = bombs.get(size);
	if (!bomb) {
		const text = Buffer.alloc(size, ' ');
		text.write('{"api_id":"', 0);
		text.write('"}', size - 2);
		bombs.set(size, (bomb = gzipSync(text, { level: 9 })));
	}
	startBody(exchange, spec.status ?? 201, bomb.length, 'application/json', {
		'Content-Encoding': 'gzip',
	});
	exchange.response.end(bomb);
};

const MARK = '\u0001TOKEN\u0001';
/** Where the token goes; a 2xx places it in "Plivo's" own answer, an error in the error text. */
const ECHO_BODIES: Record<NonNullable<FaultSpec['echoIn']>, (processed?: Answer) => Answer> = {
	field: (processed) => ({
		status: processed?.status ?? 200,
		json: { ...objectOf(processed), note: `signed in with ${MARK}` },
	}),
	message: (processed) => {
		const json = objectOf(processed);
		const message = typeof json.message === 'string' ? json.message : 'Phlo run triggered.';
		return { status: processed?.status ?? 201, json: { ...json, message: `${message} ${MARK}` } };
	},
	error: () => ({ status: 400, json: { api_id: randomUUID(), error: `bad token ${MARK}` } }),
	straddle: () => ({ status: 400, json: { api_id: randomUUID(), error: `refused: ${MARK}` } }),
};

/** An answer carrying the request's Auth Token (or `token`), raw or as JSON \u escapes. */
const echoToken: FaultResponse = (exchange, spec, processed) => {
	const token = spec.token ?? exchange.token ?? '';
	const encoded = spec.escaped
		? [...token].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
		: JSON.stringify(token).slice(1, -1);
	const echoIn = spec.echoIn ?? 'field';
	const answer = ECHO_BODIES[echoIn](processed);
	const [before, after] = JSON.stringify(answer.json).split(JSON.stringify(MARK).slice(1, -1));
	// Padding puts the token's middle on character `straddleAt` (default 500) of the body.
	const at = spec.straddleAt ?? 500;
	const padding = Math.max(0, at - Math.floor(encoded.length / 2) - before.length);
	const pad = echoIn === 'straddle' ? '.'.repeat(padding) : '';
	const body = `${before}${pad}${encoded}${echoIn === 'straddle' ? '.'.repeat(200) : ''}${after}`;
	writeBody(exchange, spec.status ?? answer.status, body);
};

export const HOSTILE_RESPONSES = { redirect, drip, stall, oversized, gzipBomb, echoToken };

/** Resolves when the client has read on, or has left (then the writing loop stops). */
function drainedOrClosed(response: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};
		response.on('drain', done);
		response.on('close', done);
	});
}

function objectOf(answer: Answer | undefined): Record<string, unknown> {
	return isObject(answer?.json) ? answer.json : { api_id: randomUUID() };
}
