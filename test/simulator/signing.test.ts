/**
 * The simulator's V3 signer against an oracle nobody here wrote: the `plivo` SDK's
 * validateV3Signature, over generated GET and POST requests (query and body, repeated keys,
 * unicode, ports, several signatures in one header).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import fc from 'fast-check';
// The SDK's own validator (plivo-events.md); a devDependency, never shipped.
import { validateV3Signature } from 'plivo/dist/utils/v3Security';

import { newNonce, signatureHeaders, signV3, type Params } from '../../simulator/signing';

const TOKEN = 'sim-token-7f3a9c2e5b1d4068';

// Not a name Object.prototype has: the SDK merges parameters into a plain object (`key in params`).
const key = fc
	.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/)
	.filter((name) => !(name in Object.prototype));
// Unicode values; whole graphemes, so no lone surrogate (which UTF-8 cannot carry).
const value = fc.string({ unit: 'grapheme', maxLength: 12 });
const params: fc.Arbitrary<Params> = fc.dictionary(
	key,
	fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })),
	{ maxKeys: 5 },
);
// The SDK's URI parser reads '@' or ':' in the path or query as part of the host (plivo-events.md).
const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/);
const url = fc
	.record({
		scheme: fc.constantFrom('http', 'https'),
		host: fc.constantFrom('127.0.0.1', 'localhost', 'n8n.example.com'),
		port: fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
		path: fc.array(segment, { minLength: 1, maxLength: 4 }),
		// Few names, so that keys repeat.
		query: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'From', 'to'), value), { maxLength: 4 }),
	})
	.map(({ scheme, host, port, path, query }) => {
		const built = new URL(`${scheme}://${host}${port ? `:${port}` : ''}/${path.join('/')}`);
		for (const [name, text] of query) built.searchParams.append(name, text);
		return built.toString();
	});

/**
 * The oracle in plain Node, outside Jest's module sandbox: there the arrays Node's querystring
 * builds fail the SDK's `instanceof Array` (another realm), and repeated query keys would be
 * judged wrongly. One child process validates a whole batch.
 */
function validateInNode(cases: Array<[string, string, string, string, string, Params]>): boolean[] {
	const script = `const { validateV3Signature } = require('plivo/dist/utils/v3Security');
		const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
		process.stdout.write(JSON.stringify(cases.map((c) => validateV3Signature(...c))));`;
	const output = execFileSync(process.execPath, ['-e', script], {
		input: JSON.stringify(cases),
		cwd: join(__dirname, '../..'),
	});
	return JSON.parse(output.toString()) as boolean[];
}

describe('V3 signature', () => {
	it('validates with the plivo SDK for generated GET and POST requests', () => {
		const requests = fc.sample(
			fc.tuple(fc.constantFrom('GET', 'POST'), url, params, fc.stringMatching(/^\d{5,20}$/)),
			{ numRuns: 500, seed: 23 },
		);
		const cases = requests.flatMap(([method, target, body, nonce]) => {
			const signature = signV3(TOKEN, method, target, nonce, body);
			// One match among several comma-separated signatures is enough.
			const several = `${signV3('another-token', method, target, nonce, body)},${signature}`;
			return [signature, several].map(
				(header) =>
					[method, target, nonce, TOKEN, header, body] as [
						string,
						string,
						string,
						string,
						string,
						Params,
					],
			);
		});
		const verdicts = validateInNode(cases);
		const rejected = cases.filter((_, index) => !verdicts[index]);
		expect(rejected).toEqual([]);
		expect(verdicts).toHaveLength(1000);
		// The cases do cover what the issue names.
		const repeatsAKey = (target: string) => {
			const keys = [...new URL(target).searchParams.keys()];
			return new Set(keys).size < keys.length;
		};
		expect(requests.some(([, target]) => repeatsAKey(target))).toBe(true);
		expect(requests.some(([, , body]) => Object.values(body).some(Array.isArray))).toBe(true);
		expect(requests.some(([, target]) => /%[EF][0-9A-F]/.test(target))).toBe(true);
	});

	it('does not validate with another token, another nonce or a changed parameter', () => {
		const target = 'https://n8n.example.com/webhook/4f1c/plivo?b=2&a=1';
		const body = { EventName: 'ParticipantJoin', From: '+14155550100' };
		const nonce = newNonce();
		const signature = signV3(TOKEN, 'POST', target, nonce, body);
		const valid = (changes: { token?: string; nonce?: string; body?: Params }) =>
			validateV3Signature(
				'POST',
				target,
				changes.nonce ?? nonce,
				changes.token ?? TOKEN,
				signature,
				changes.body ?? body,
			);
		expect(valid({})).toBe(true);
		expect(valid({ token: 'other' })).toBe(false);
		expect(valid({ nonce: `${nonce}1` })).toBe(false);
		expect(valid({ body: { ...body, From: '+14155550101' } })).toBe(false);
	});

	it('adds the main account signature only for a subaccount', () => {
		const target = 'http://127.0.0.1:5678/webhook/4f1c/plivo';
		const nonce = newNonce();
		expect(Object.keys(signatureHeaders({ authToken: TOKEN }, 'POST', target, nonce))).toEqual([
			'X-Plivo-Signature-V3',
			'X-Plivo-Signature-V3-Nonce',
		]);
		const headers = signatureHeaders(
			{ authToken: TOKEN, mainAuthToken: 'main-token' },
			'POST',
			target,
			nonce,
			{ a: '1' },
		);
		expect(
			validateV3Signature('POST', target, nonce, 'main-token', headers['X-Plivo-Signature-Ma-V3'], {
				a: '1',
			}),
		).toBe(true);
		expect(newNonce()).toMatch(/^\d{20}$/);
	});
});
