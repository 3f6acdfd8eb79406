/**
 * Plivo's V3 request signature (X-Plivo-Signature-V3), built as Plivo's SDKs build it: HMAC-SHA256
 * with the Auth Token over the URL Plivo called (query sorted), the sorted POST parameters and the
 * nonce, in base64.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Parameters by name, a repeated name holding all its values. */
export type Params = Record<string, string[]>;

/** Form-encoded text (a query string or an x-www-form-urlencoded body) as parameters. */
export function parseForm(text: string): Params {
	const params: Params = {};
	for (const [key, value] of new URLSearchParams(text)) {
		if (!Object.prototype.hasOwnProperty.call(params, key)) params[key] = [];
		params[key].push(value);
	}
	return params;
}

/** Keys sorted, each key's values sorted (code unit order, as the SDKs sort). */
function sortedPairs(params: Params): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	for (const key of Object.keys(params).sort()) {
		for (const value of [...params[key]].sort()) pairs.push([key, value]);
	}
	return pairs;
}

/**
 * The text Plivo signs for a request to `url` (scheme, host, port, path and query as Plivo called
 * it) with these body parameters: GET signs the URL with its query sorted; POST adds `?` and the
 * query when there are body parameters, a `.` between query and body when both exist, then each
 * body parameter as key immediately followed by value. The nonce is appended with a `.`.
 */
export function signedText(method: string, url: string, body: Params, nonce: string): string {
	const cut = url.search(/[?#]/);
	const base = cut === -1 ? url : url.slice(0, cut);
	const rawQuery = url[cut] === '?' ? url.slice(cut + 1).split('#')[0] : '';
	const query = sortedPairs(parseForm(rawQuery))
		.map(([key, value]) => `${key}=${value}`)
		.join('&');
	const bodyPairs = method === 'POST' ? sortedPairs(body) : [];
	let text = base;
	if (query.length > 0 || bodyPairs.length > 0) text += `?${query}`;
	if (query.length > 0 && bodyPairs.length > 0) text += '.';
	for (const [key, value] of bodyPairs) text += `${key}${value}`;
	return `${text}.${nonce}`;
}

export function v3Signature(authToken: string, text: string): string {
	return createHmac('sha256', authToken).update(text, 'utf8').digest('base64');
}

/**
 * Whether one of the comma-separated signatures in `header` is `expected`. Every candidate is
 * compared in constant time and all are compared, so the time taken tells nothing of which
 * candidate, or how much of it, was right.
 */
export function headerHolds(header: string, expected: string): boolean {
	const wanted = Buffer.from(expected, 'utf8');
	let matched = false;
	for (const candidate of header.split(',')) {
		const given = Buffer.from(candidate.trim(), 'utf8');
		const same = given.length === wanted.length && timingSafeEqual(given, wanted);
		matched = matched || same;
	}
	return matched;
}

export interface SignedRequest {
	method: string;
	/** The URL Plivo called, with its query. */
	url: string;
	body: Params;
	nonce: string;
	/** X-Plivo-Signature-V3 and X-Plivo-Signature-Ma-V3, where present. */
	signatures: string[];
}

/**
 * Whether the request carries a valid signature made with one of the keys: the credential's Auth
 * Token, and for a subaccount's calls the main account's (X-Plivo-Signature-Ma-V3).
 */
export function isSignedByPlivo(request: SignedRequest, authTokens: string[]): boolean {
	if (request.nonce === '' || request.signatures.length === 0) return false;
	const text = signedText(request.method, request.url, request.body, request.nonce);
	let valid = false;
	for (const token of authTokens) {
		if (token === '') continue;
		const expected = v3Signature(token, text);
		for (const header of request.signatures) valid = headerHolds(header, expected) || valid;
	}
	return valid;
}
