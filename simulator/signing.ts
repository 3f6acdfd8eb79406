/**
 * Plivo's V3 request signature (plivo-events.md), computed the way Plivo signs the callbacks it
 * sends: over the URL Plivo was given (scheme, host, port, path, sorted query), the sorted body
 * parameters of a POST, and the nonce. The `plivo` SDK only validates, so the simulator signs with
 * this and the tests hold it to the SDK's validateV3Signature.
 */
import { createHmac, randomInt } from 'node:crypto';

/** Form parameters: a key may repeat (an array holds its values in the order sent). */
export type Params = Record<string, string | string[]>;

const valuesOf = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** Keys sorted, each key's values sorted: the order the signature reads parameters in. */
function sortedEntries(params: Params): Array<[string, string]> {
	return Object.keys(params)
		.sort()
		.flatMap((key) =>
			[...valuesOf(params[key])].sort().map((value): [string, string] => [key, value]),
		);
}

/** The URL's query and `extra` together, as one parameter map. */
function queryParams(url: URL, extra: Params = {}): Params {
	const params: Params = {};
	const add = (key: string, value: string) => {
		const known = params[key];
		params[key] = known === undefined ? value : [...valuesOf(known), value];
	};
	for (const [key, value] of url.searchParams) add(key, value);
	for (const [key, value] of Object.entries(extra))
		for (const one of valuesOf(value)) add(key, one);
	return params;
}

/** The text Plivo signs, before the nonce: steps 1-4 of plivo-events.md. */
export function signedText(method: string, url: string, body: Params = {}): string {
	const parsed = new URL(url);
	const base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	const hasBody = method === 'POST' && Object.keys(body).length > 0;
	const query = sortedEntries(queryParams(parsed, method === 'POST' ? {} : body))
		.map(([key, value]) => `${key}=${value}`)
		.join('&');
	if (!hasBody) return query === '' ? base : `${base}?${query}`;
	const bodyText = sortedEntries(body)
		.map(([key, value]) => key + value)
		.join('');
	return `${base}?${query}${query === '' ? '' : '.'}${bodyText}`;
}

/** base64(HMAC-SHA256(Auth Token, signed text + "." + nonce)). */
export function signV3(
	authToken: string,
	method: string,
	url: string,
	nonce: string,
	body: Params = {},
): string {
	return createHmac('sha256', authToken)
		.update(`${signedText(method, url, body)}.${nonce}`)
		.digest('base64');
}

/** A fresh nonce: Plivo's are long strings of digits. */
export function newNonce(): string {
	return Array.from({ length: 4 }, () => String(randomInt(0, 100_000)).padStart(5, '0')).join('');
}

export interface SigningKeys {
	authToken: string;
	/** A subaccount's main account token: adds X-Plivo-Signature-Ma-V3. */
	mainAuthToken?: string;
}

/** The headers Plivo adds to a callback. */
export function signatureHeaders(
	keys: SigningKeys,
	method: string,
	url: string,
	nonce: string,
	body: Params = {},
): Record<string, string> {
	return {
		'X-Plivo-Signature-V3': signV3(keys.authToken, method, url, nonce, body),
		'X-Plivo-Signature-V3-Nonce': nonce,
		...(keys.mainAuthToken === undefined
			? {}
			: { 'X-Plivo-Signature-Ma-V3': signV3(keys.mainAuthToken, method, url, nonce, body) }),
	};
}
