import type { INode, NodeApiError } from 'n8n-workflow';

import { readAnswer } from '../../nodes/PlivoPhlo/transport/answer';
import { isOutcomeUnknown } from '../../nodes/PlivoPhlo/transport/outcome';
import { createRedactor } from '../../nodes/PlivoPhlo/transport/redact';
import { MAX_ANSWER_BYTES } from '../../nodes/PlivoPhlo/transport/send';
import type { Answer, PhloRequest } from '../../nodes/PlivoPhlo/transport/types';

const node = { name: 'Plivo PHLO', type: 'plivoPhlo', typeVersion: 1 } as INode;
const AUTH_ID = 'MA0123456789ABCDEF01';
const TOKEN = 'tok/en+secret="1"-0123456789';
const redact = createRedactor(AUTH_ID, TOKEN);
const place: PhloRequest = { method: 'POST', path: '/x', repeat: 'once' };
const read: PhloRequest = { method: 'GET', path: '/x', repeat: 'read' };
const json = (status: number, body: unknown, headers = {}): Answer => ({
	status,
	headers,
	text: JSON.stringify(body),
});

/** The error readAnswer throws, as n8n would store and show it. */
function failure(request: PhloRequest, answer: Answer) {
	try {
		readAnswer(node, redact, request, answer, 0);
	} catch (error) {
		const { message, description, errorResponse } = error as NodeApiError;
		// What n8n keeps of the error in the execution: the texts and Plivo's answer.
		return {
			message,
			description,
			stored: JSON.stringify({ message, description, errorResponse }),
		};
	}
	throw new Error('expected the answer to be refused');
}

describe('reading an answer', () => {
	it('a 3xx is never followed: it names the status and the host, without path or query', () => {
		const { message, description } = failure(
			place,
			json(307, {}, { location: `https://127.0.0.2:8443/v1/x?token=${TOKEN}` }),
		);
		expect(message).toBe('Plivo answered 307, a redirect to 127.0.0.2:8443');
		expect(description).toContain("Check the credential's Base URL");
		expect(description).toContain('never follows');
		expect(failure(read, json(302, {}, { location: '/elsewhere' })).message).toContain(
			'another path on the same server',
		);
	});

	it('an answer over the size cap is refused, and none of it is kept', () => {
		const { message, stored } = failure(read, {
			status: 200,
			headers: {},
			text: 'x'.repeat(MAX_ANSWER_BYTES),
			oversized: true,
		});
		expect(message).toMatch(/larger than 1 MB/);
		expect(stored).not.toContain('xxxxxxxxxx');
	});

	it('an oversized 2xx to a call-placing request leaves the outcome unknown (never sent again)', () => {
		const oversized = (status: number): Answer => ({
			status,
			headers: {},
			text: '',
			oversized: true,
		});
		const thrown = (request: PhloRequest, answer: Answer) => {
			try {
				readAnswer(node, redact, request, answer, 0);
			} catch (error) {
				return error;
			}
			throw new Error('expected the answer to be refused');
		};
		expect(isOutcomeUnknown(thrown(place, oversized(201)))).toBe(true);
		expect(isOutcomeUnknown(thrown(read, oversized(200)))).toBe(false);
		expect(isOutcomeUnknown(thrown(place, oversized(400)))).toBe(false);
	});

	it.each([false, '', null])(
		'a 2xx whose error is %p is a success, output without the error key',
		(error) => {
			expect(readAnswer(node, redact, read, json(200, { api_id: 'a', error }), 0)).toEqual({
				api_id: 'a',
			});
		},
	);

	it('scrubs the token from a success, raw and JSON-escaped, before it is output', () => {
		const answer = json(200, { api_id: 'a', message: `echo ${TOKEN}`, name: { n: TOKEN } });
		const output = JSON.stringify(readAnswer(node, redact, read, answer, 0));
		expect(output).not.toContain('tok/en');
		expect(output).toContain('[redacted]');
	});

	it('scrubs error text before cutting it, so no start of a token survives the cut', () => {
		for (const at of [480, 490, 495, 499]) {
			const text = `${'x'.repeat(at)}${JSON.stringify(TOKEN).slice(1, -1)} and more`;
			const { stored } = failure(read, { status: 400, headers: {}, text });
			expect(stored).not.toContain('tok');
		}
		const escaped = JSON.stringify({ error: `bad ${TOKEN}` });
		expect(failure(read, { status: 400, headers: {}, text: escaped }).stored).not.toContain(
			'tok/en',
		);
	});
});
