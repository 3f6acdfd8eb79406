/**
 * The trigger's V3 signature check against an oracle written elsewhere: the `plivo` npm package's
 * validateV3Signature (a devDependency, never shipped), over generated GET and POST requests with
 * query and body, repeated keys, unicode and several signatures in one header. The SDK reads an
 * `@` or `:` in the path or query as part of the host, so generated URLs keep them percent-encoded;
 * and every URL has a path (n8n's webhook URLs do), since it splits `https://host?query` wrongly.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import fc from 'fast-check';

import {
	headerHolds,
	isSignedByPlivo,
	parseForm,
	signedText,
	v3Signature,
	type Params,
} from '../../nodes/PlivoPhloTrigger/signature';

/**
 * The SDK's verdicts, computed in a plain Node process: inside jest's sandbox the arrays Node's
 * querystring returns fail the SDK's `instanceof Array`, which breaks its repeated query keys.
 */
function sdkVerdicts(cases: unknown[][]): boolean[] {
	const script = `
		const { validateV3Signature } = require('plivo/dist/utils/v3Security');
		const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
		process.stdout.write(JSON.stringify(cases.map((args) => validateV3Signature(...args))));
	`;
	const output = execFileSync(process.execPath, ['-e', script], {
		cwd: join(__dirname, '..', '..'),
		input: JSON.stringify(cases),
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(output.toString()) as boolean[];
}

const CASES = 600;

/** Names the SDK's plain-object maps would mistake for their own (`'toString' in {}`). */
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,7}$/).filter((key) => !(key in {}));
const value = fc.string({ unit: 'grapheme', maxLength: 12 });
/** A few names only, so that repeated keys are common. */
const pairs = fc.array(fc.tuple(fc.oneof(fc.constantFrom('a', 'B', 'From'), name), value), {
	maxLength: 6,
});
const token = fc.stringMatching(/^[A-Za-z0-9]{20,40}$/);
const nonce = fc.stringMatching(/^[0-9]{6,24}$/);
const path = fc
	.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/), value.map(encodeURIComponent)), {
		maxLength: 4,
	})
	.map((segments) => `/${segments.join('/')}`);
const origin = fc
	.tuple(
		fc.constantFrom('http', 'https'),
		fc.constantFrom('n8n.example.com', 'localhost', 'hooks.acme.io', '127.0.0.1'),
		fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
	)
	.map(([scheme, host, port]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}`);
const fakeSignature = fc
	.uint8Array({ minLength: 32, maxLength: 32 })
	.map((bytes) => Buffer.from(bytes).toString('base64'));

const encode = (list: Array<[string, string]>) =>
	list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const asParams = (list: Array<[string, string]>): Params => parseForm(encode(list));
/** The SDK takes a repeated body key as an array, a single one as a string. */
const asSdkParams = (params: Params) =>
	Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.length === 1 ? v[0] : [...v]]));

const request = fc.record({
	method: fc.constantFrom('GET', 'POST'),
	url: fc
		.tuple(origin, path, pairs)
		.map(([o, p, q]) => (q.length === 0 ? `${o}${p}` : `${o}${p}?${encode(q)}`)),
	body: pairs,
	nonce,
	token,
	otherToken: token,
	/** Which key signed: the right one, another, or none of the signatures is real. */
	signer: fc.constantFrom('right', 'right', 'right', 'other', 'none'),
	decoys: fc.array(fakeSignature, { maxLength: 3 }),
	position: fc.nat(),
});

describe('V3 signature, against the plivo SDK', () => {
	it(`agrees with validateV3Signature on ${CASES} generated requests`, () => {
		const requests = fc.sample(request, { numRuns: CASES, seed: 2026 });
		const cases = requests.map((r) => {
			const body = r.method === 'POST' ? asParams(r.body) : {};
			const text = signedText(r.method, r.url, body, r.nonce);
			const signatures = [...r.decoys];
			if (r.signer !== 'none') {
				const key = r.signer === 'right' ? r.token : r.otherToken;
				signatures.splice(r.position % (signatures.length + 1), 0, v3Signature(key, text));
			}
			const header = signatures.join(',');
			const ours = isSignedByPlivo(
				{ method: r.method, url: r.url, body, nonce: r.nonce, signatures: [header] },
				[r.token],
			);
			return { ours, args: [r.method, r.url, r.nonce, r.token, header, asSdkParams(body)] };
		});
		const verdicts = sdkVerdicts(cases.map((c) => c.args));
		const disagreements = cases.filter((c, index) => c.ours !== verdicts[index]);
		expect(disagreements.slice(0, 3)).toEqual([]);
		// The generator must give both verdicts often, or agreeing proves little.
		const accepted = verdicts.filter(Boolean).length;
		expect(accepted).toBeGreaterThan(CASES / 3);
		expect(accepted).toBeLessThan(CASES * 0.9);
		// Repeated keys, unicode and several signatures in one header all occur.
		const repeated = (list: Array<[string, string]>) =>
			new Set(list.map(([k]) => k)).size < list.length;
		expect(requests.filter((r) => repeated(r.body) && r.method === 'POST').length).toBeGreaterThan(
			20,
		);
		expect(
			requests.filter((r) => /[^\x00-\x7f]/.test(JSON.stringify(r.body))).length,
		).toBeGreaterThan(50);
		expect(cases.filter((c) => String(c.args[4]).includes(',')).length).toBeGreaterThan(50);
	});

	it('signs the query of the URL: the same request with another query is refused', () => {
		const url = 'https://n8n.example.com/webhook/abc/plivo?team=red';
		const signature = v3Signature('token', signedText('POST', url, { A: ['1'] }, '42'));
		const signed = { method: 'POST', body: { A: ['1'] }, nonce: '42', signatures: [signature] };
		expect(isSignedByPlivo({ ...signed, url }, ['token'])).toBe(true);
		expect(isSignedByPlivo({ ...signed, url: url.replace('red', 'blue') }, ['token'])).toBe(false);
		expect(isSignedByPlivo({ ...signed, url: url.split('?')[0] }, ['token'])).toBe(false);
	});

	it('accepts the main account signature (Ma-V3) with the main account token', () => {
		const url = 'https://n8n.example.com/webhook/abc/plivo';
		const text = signedText('GET', url, {}, '7');
		const request = { method: 'GET', url, body: {}, nonce: '7' };
		const mainSignature = v3Signature('main-token', text);
		expect(
			isSignedByPlivo({ ...request, signatures: ['nonsense', mainSignature] }, [
				'sub-token',
				'main-token',
			]),
		).toBe(true);
		expect(isSignedByPlivo({ ...request, signatures: [mainSignature] }, ['sub-token'])).toBe(false);
	});

	it('refuses a request without a nonce or without a signature', () => {
		const url = 'https://n8n.example.com/webhook/abc/plivo';
		const signature = v3Signature('token', signedText('GET', url, {}, ''));
		expect(
			isSignedByPlivo({ method: 'GET', url, body: {}, nonce: '', signatures: [signature] }, [
				'token',
			]),
		).toBe(false);
		expect(
			isSignedByPlivo({ method: 'GET', url, body: {}, nonce: '1', signatures: [] }, ['token']),
		).toBe(false);
	});

	it('finds one signature among several, and not a prefix of it', () => {
		expect(headerHolds('abc,def,ghi', 'def')).toBe(true);
		expect(headerHolds('abc, def', 'def')).toBe(true);
		expect(headerHolds('abcdef', 'abc')).toBe(false);
		expect(headerHolds('', 'abc')).toBe(false);
	});
});
