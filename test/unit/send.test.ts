import { Readable } from 'node:stream';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { MAX_ANSWER_BYTES, send } from '../../nodes/PlivoPhlo/transport/send';

/** A stand-in for n8n's request helper that answers with this status and body stream. */
function helperAnswering(body: () => Readable, seen: IHttpRequestOptions[] = []) {
	return {
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				seen.push(options);
				return { statusCode: 200, headers: {}, body: body() };
			},
		},
	} as unknown as IExecuteFunctions;
}

/** A body that sends one byte every `everyMs`, `count` times. */
function dripping(everyMs: number, count: number): Readable {
	let sent = 0;
	return new Readable({
		read() {
			if (sent++ >= count) {
				this.push(null);
				return;
			}
			void new Promise((resolve) => setTimeout(resolve, everyMs)).then(() => this.push('x'));
		},
	});
}

const options: IHttpRequestOptions = { method: 'POST', url: 'http://127.0.0.1/v1/x' };

describe('one exchange', () => {
	it('asks the helper never to follow a redirect, and to hand over the body unread', async () => {
		const seen: IHttpRequestOptions[] = [];
		await send(
			helperAnswering(() => Readable.from(['{}']), seen),
			options,
			1000,
			undefined,
		);
		expect(seen[0]).toMatchObject({ disableFollowRedirect: true, encoding: 'stream' });
	});

	it('ends a body that keeps dripping at the deadline: a timeout, not an answer', async () => {
		const attempt = await send(
			helperAnswering(() => dripping(50, 1000)),
			options,
			300,
			undefined,
		);
		expect(attempt.kind).toBe('fault');
		expect(attempt.kind === 'fault' && attempt.fault).toBe('timeout');
	});

	it('headers and then silence is a timeout, not a dropped connection', async () => {
		const silent = () => new Readable({ read() {} });
		const attempt = await send(helperAnswering(silent), options, 200, undefined);
		expect(attempt.kind === 'fault' && attempt.fault).toBe('timeout');
	});

	it('a body that ends in time is the answer', async () => {
		const attempt = await send(
			helperAnswering(() => dripping(5, 3)),
			options,
			2000,
			undefined,
		);
		expect(attempt.kind === 'answer' && attempt.answer.text).toBe('xxx');
	});

	it('stops reading past the size cap, and says so', async () => {
		// 12.5 MB: the cap, not the end of the body, must stop the read.
		const chunk = 64 * 1024;
		let pulled = 0;
		const huge = () =>
			Readable.from(
				(function* () {
					for (let i = 0; i < 200; i++) {
						pulled++;
						yield Buffer.alloc(chunk, 'a');
					}
				})(),
			);
		const attempt = await send(helperAnswering(huge), options, 5000, undefined);
		if (attempt.kind !== 'answer') throw new Error(`expected an answer, got ${attempt.fault}`);
		expect(attempt.answer.oversized).toBe(true);
		expect(attempt.answer.text.length).toBe(MAX_ANSWER_BYTES);
		// Readable.from reads a chunk or two ahead of the reader.
		expect(pulled * chunk).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 3 * chunk);
	});
});
