export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

/** Server text kept in an error, output or report: at most this many characters. */
export const MAX_SERVER_TEXT = 1000;

/**
 * Any value after "Basic" or "Bearer", the space written plainly, URL-encoded (%20 or +) or as a
 * JSON escape; the value's characters include %XX and \uXXXX escapes, so encoded forms go whole.
 */
const AUTH_HEADER_VALUE = /\b(Basic|Bearer)(?:\s|%20|\+|\\u0020)+[A-Za-z0-9+/=._~%\\-]+/gi;

/** A run of text without separators, its characters plain or escaped (%XX, \uXXXX, \/). */
const WORD = /(?:[^\s"'<>,;&\\%]+|\\u[0-9a-fA-F]{4}|%[0-9a-fA-F]{2}|\\\/)+/g;

/**
 * Removes the Auth Token, and the Basic credentials built from it, from any text the node shows,
 * in case Plivo (or a proxy in front of it) echoes the request back: as sent or trimmed, the Basic
 * value's Base64 padded or not, standard or URL-safe; each of them plain, URL-encoded or
 * JSON-escaped, in whole or in part (a word whose escapes decode to a secret goes whole). Plain
 * text searches and one linear pass: no pattern built from the secrets, which would take V8 a
 * second to compile.
 */
export function createRedactor(authId: string, authToken: string): Redactor {
	const tokens = unique([authToken, authToken.trim()]);
	const pairs = unique([
		`${authId}:${authToken}`,
		...tokens.map((token) => `${authId.trim()}:${token}`),
	]);
	// The pair goes whole, before the token alone: no Auth ID is left beside a scrubbed token.
	const secrets = unique([...tokens, ...pairs, ...pairs.flatMap(base64Spellings)]).filter(
		(secret) => secret.length >= 4,
	);
	const spellings = unique(
		secrets.flatMap((secret) => {
			const json = JSON.stringify(secret).slice(1, -1);
			return [secret, encodeURIComponent(secret), json, json.replace(/\//g, '\\/')];
		}),
	)
		// Longest first, so a longer form is removed whole before a shorter one inside it.
		.sort((a, b) => b.length - a.length);
	const decodedSecrets = unique([...secrets, ...secrets.map(latin1)]);
	const hasSecret = (text: string) => decodedSecrets.some((secret) => text.includes(secret));
	return (text: string) => {
		let clean = text.replace(AUTH_HEADER_VALUE, `$1 ${REDACTED}`);
		for (const spelling of spellings) clean = clean.split(spelling).join(REDACTED);
		// Escaped spellings: found in the decoded text (one linear pass), removed word by word.
		if (!/[\\%]/.test(clean) || !hasSecret(unescaped(clean))) return clean;
		return clean.replace(WORD, (word) =>
			/[\\%]/.test(word) && hasSecret(unescaped(word)) ? REDACTED : word,
		);
	};
}

/**
 * Server text as it may be kept: scrubbed first (so no part of a secret survives the cut), then
 * cut to MAX_SERVER_TEXT characters with a note of how long it was.
 */
export function serverText(redact: Redactor, text: string, max = MAX_SERVER_TEXT): string {
	return cutText(redact(text), max);
}

/** Text cut to `max` characters (never inside a surrogate pair), saying how long it was. */
export function cutText(text: string, max = MAX_SERVER_TEXT): string {
	if (text.length <= max) return text;
	const end = /[\uD800-\uDBFF]/.test(text[max - 1] ?? '') ? max - 1 : max;
	return `${text.slice(0, end)}… [cut: ${text.length} characters in all]`;
}

/** The Basic value of `id:token`: Base64 padded and unpadded, standard and URL-safe. */
function base64Spellings(pair: string): string[] {
	const padded = Buffer.from(pair).toString('base64');
	const unpadded = padded.replace(/=+$/, '');
	const urlSafe = (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_');
	return [padded, unpadded, urlSafe(padded), urlSafe(unpadded)];
}

/** Text with its \uXXXX, \/ and %XX escapes decoded (%XX as one byte each, see latin1). */
function unescaped(text: string): string {
	const byHex = (_: string, hex: string) => String.fromCharCode(parseInt(hex, 16));
	return text
		.replace(/\\u([0-9a-fA-F]{4})/g, byHex)
		.replace(/\\\//g, '/')
		.replace(/%([0-9a-fA-F]{2})/g, byHex);
}

/** A secret's UTF-8 bytes as one character each: how unescaped() reads it percent-encoded. */
function latin1(secret: string): string {
	return Buffer.from(secret).toString('latin1');
}

function unique(values: string[]): string[] {
	return [...new Set(values)];
}
