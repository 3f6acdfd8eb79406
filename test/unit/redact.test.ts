/** Scrubbing: every spelling of the Auth Token and the Basic header goes; the cut comes after. */
import {
	createRedactor,
	cutText,
	MAX_SERVER_TEXT,
	serverText,
} from '../../nodes/PlivoPhlo/transport/redact';

const AUTH_ID = 'MA0123456789ABCDEF01';
// 37 characters in `id:token`: its Base64 ends in "==", and holds "+" or "/" (checked below).
const TOKEN = 'tok/en+secret=~?';
const PAIR = `${AUTH_ID}:${TOKEN}`;
const BASIC = Buffer.from(PAIR).toString('base64');
const UNPADDED = BASIC.replace(/=+$/, '');
const URL_SAFE = UNPADDED.replace(/\+/g, '-').replace(/\//g, '_');
const redact = createRedactor(AUTH_ID, TOKEN);

/** Each character of `text` as a JSON \u escape. */
const unicodeEscaped = (text: string) =>
	[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** Each character of `text` as %XX. */
const percentEncoded = (text: string) =>
	[...Buffer.from(text)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');

describe('the redactor', () => {
	it('is tested with a Basic value that has padding and characters URL-safe Base64 changes', () => {
		expect(BASIC).toMatch(/=$/);
		expect(UNPADDED).toMatch(/[+/]/);
	});

	it.each([
		['the token as sent', `echo ${TOKEN}!`],
		['the token URL-encoded', `echo ${encodeURIComponent(TOKEN)}!`],
		['the token fully percent-encoded, lower-case hex', percentEncoded(TOKEN).toLowerCase()],
		['the token as JSON \\u escapes', `"note":"${unicodeEscaped(TOKEN)}"`],
		['the token with JSON-escaped slashes', TOKEN.replace(/\//g, '\\/')],
		['the token trimmed (it was saved with a newline)', 'x'],
		['the Basic value padded', `seen ${BASIC} here`],
		['the Basic value unpadded', `seen ${UNPADDED}, here`],
		['the Basic value URL-safe', `seen ${URL_SAFE}.`],
		['the Basic value URL-encoded', `seen ${encodeURIComponent(BASIC)}.`],
		['the header URL-encoded', `auth=Basic%20${encodeURIComponent(BASIC)}&x=1`],
		['the header form-encoded', `auth=Basic+${encodeURIComponent(BASIC)}&x=1`],
		['the header with a \\u escaped space', `Basic\\u0020${BASIC}`],
		['the header in any case', `authorization: bAsIc ${BASIC}`],
	])('removes %s', (_what, text) => {
		const clean = redact(text === 'x' ? `${TOKEN}` : text);
		for (const secret of [TOKEN, BASIC, UNPADDED, URL_SAFE, encodeURIComponent(TOKEN)]) {
			expect(clean).not.toContain(secret);
		}
		expect(clean).toContain('[redacted]');
		// Nothing that decodes back to the pair or the token is left.
		expect(decodeEverything(clean)).not.toContain(TOKEN);
	});

	it('removes the Auth ID:token pair whole, and leaves the Auth ID alone visible', () => {
		expect(redact(`user ${PAIR} refused`)).toBe('user [redacted] refused');
		expect(redact(`user ${encodeURIComponent(PAIR)}`)).toBe('user [redacted]');
		expect(redact(`/Account/${AUTH_ID}/`)).toBe(`/Account/${AUTH_ID}/`);
	});

	it('removes a token that was saved with surrounding white space, as trimmed', () => {
		const padded = createRedactor(` ${AUTH_ID}\n`, `${TOKEN}\n`);
		const trimmedBasic = Buffer.from(PAIR).toString('base64').replace(/=+$/, '');
		expect(padded(`${TOKEN} ${trimmedBasic}`)).toBe('[redacted] [redacted]');
	});

	it('removes a Bearer value and a token of characters outside ASCII', () => {
		const other = createRedactor(AUTH_ID, 'tøken€😀x');
		expect(other('Bearer abc.def-ghi')).toBe('Bearer [redacted]');
		expect(other(`x ${percentEncoded('tøken€😀x')} y`)).toBe('x [redacted] y');
		expect(other(`x ${JSON.stringify('tøken€😀x').slice(1, -1)} y`)).toBe('x [redacted] y');
	});

	it('leaves other text as it was', () => {
		const text =
			'PHLO not found: b4b48fc2-f47a-4a93-97c3-749ed9a40fa8 (auth_id MA0123456789ABCDEF01)';
		expect(redact(text)).toBe(text);
	});

	it('is linear on long text', () => {
		const long = `${'Basic '.repeat(20000)}${'%2'.repeat(100000)}${TOKEN.slice(0, -1).repeat(5000)}`;
		const started = Date.now();
		redact(long);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});

describe('server text', () => {
	it('is cut to the bound, saying how long it was', () => {
		const text = 'e'.repeat(900_000);
		const kept = serverText(redact, text);
		expect(kept).toBe(`${'e'.repeat(MAX_SERVER_TEXT)}… [cut: 900000 characters in all]`);
		expect(serverText(redact, 'short')).toBe('short');
	});

	it('is scrubbed before it is cut, so no part of a secret straddling the cut is left', () => {
		const text = `${'e'.repeat(MAX_SERVER_TEXT - 5)}${TOKEN}${'e'.repeat(100)}`;
		const kept = serverText(redact, text);
		expect(kept).not.toContain(TOKEN.slice(0, 5));
		expect(kept.startsWith(`${'e'.repeat(MAX_SERVER_TEXT - 5)}[reda… [cut:`)).toBe(true);
	});

	it('never cuts inside a surrogate pair', () => {
		const text = `${'e'.repeat(9)}😀${'e'.repeat(5)}`;
		expect(cutText(text, 10)).toBe(`${'e'.repeat(9)}… [cut: 16 characters in all]`);
	});
});

/** The text with %XX, \uXXXX and \/ decoded, and every Base64-looking run decoded too. */
function decodeEverything(text: string): string {
	let decoded = text
		.replace(/\\u([0-9a-f]{4})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)))
		.replace(/\\\//g, '/');
	try {
		decoded = decodeURIComponent(decoded);
	} catch {
		// not URL-encoded
	}
	const base64Runs = decoded.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? [];
	return [decoded, ...base64Runs.map((run) => Buffer.from(run, 'base64').toString())].join('\n');
}
