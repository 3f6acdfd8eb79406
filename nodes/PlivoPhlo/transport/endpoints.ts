/**
 * Where requests go for a credential, and the one rule for where the Auth Token may travel: over
 * https anywhere, over plain http only to this machine (loopback). The node, the credential's
 * Test button and the simulator's command line all use this rule.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const PRODUCTION_API_ROOT = 'https://phlorunner.plivo.com/v1';

/** Plivo's account API answers 200 for a matching Auth ID / Auth Token pair: the Test button's target. */
const PRODUCTION_ACCOUNT_API_ROOT = 'https://api.plivo.com/v1';

/** What the Test request goes to for a refused Base URL: a scheme no HTTP client sends. */
const REFUSED_SCHEME = 'refused';

/** This machine, as a URL's host names it. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A Base URL as a person writes it: http(s), two slashes, the authority, then a path. No
 * whitespace, control characters or backslashes anywhere: URL parsers skip or rewrite those
 * (`http:/host`, `http:\\host`, `ht\ttp://host` all parse as http://host), so the text shown in
 * the credential must be exactly what is parsed.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern refuses
const PLAIN_URL = /^(https?):\/\/([^/?#\s\\\x00-\x1f\x7f]+)([^\s\\\x00-\x1f\x7f]*)$/i;
/** The host part of an authority, without a port. */
const HOST_OF_AUTHORITY = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/;

export function isLoopbackHost(host: string): boolean {
	return LOOPBACK_HOST.test(host);
}

/**
 * The API root for a custom Base URL, or an Error saying why the token may not go there. Decided
 * on the text as typed and on the parsed URL: both must name the same plain, allowed place.
 */
export function customApiRoot(baseUrl: unknown): string {
	const typed = typeof baseUrl === 'string' ? baseUrl.trim() : '';
	const url = parseUrl(typed);
	if (!url) {
		throw new Error(
			`The credential's Base URL ${JSON.stringify(typed)} is not a URL. Use the root of a PHLO-compatible server, e.g. http://127.0.0.1:8700`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`The credential's Base URL must start with https:// (got ${url.protocol}//)`);
	}
	const parts = PLAIN_URL.exec(typed);
	if (!parts) {
		throw new Error(
			"The credential's Base URL must be written plainly, as https://host[:port][/path]: two slashes after the scheme, and no spaces, control characters or backslashes",
		);
	}
	const [, , authority, rest] = parts;
	const typedHost = HOST_OF_AUTHORITY.exec(authority)?.[1] ?? authority;
	if (url.protocol === 'http:' && !(isLoopbackHost(typedHost) && isLoopbackHost(url.hostname))) {
		throw new Error(
			`The credential's Base URL uses plain http:// to ${url.hostname}; the Auth Token would travel in clear text. Use https://, or http:// only to a server on this machine (127.0.0.1, localhost).`,
		);
	}
	if (authority.includes('@') || /[?#]/.test(rest)) {
		throw new Error(
			"The credential's Base URL must be a plain server root without user info, query or fragment",
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1`;
}

/** The API root requests go to for a credential; throws an Error for a refused Base URL. */
export function resolveApiRoot(credentials: ICredentialDataDecryptedObject): string {
	return credentials.environment === 'custom'
		? customApiRoot(credentials.baseUrl)
		: PRODUCTION_API_ROOT;
}

/**
 * The same rule as `customApiRoot`, as an n8n expression for the credential's declarative Test
 * request (n8n gives a node-side credential test only the deprecated `request` helper, which the
 * scanner forbids). It uses the same patterns; what the node refuses becomes a URL with an
 * unknown scheme, which no HTTP client sends, so the token never leaves.
 */
export const TEST_REQUEST_BASE_URL = `={{ $credentials.environment !== "custom" ? "${PRODUCTION_ACCOUNT_API_ROOT}" : [("" + ($credentials.baseUrl || "")).trim()].map((typed) => [${PLAIN_URL}.exec(typed)].map((parts) => parts && !parts[2].includes("@") && !/[?#]/.test(parts[3]) && (parts[1].toLowerCase() === "https" || ${LOOPBACK_HOST}.test((${HOST_OF_AUTHORITY}.exec(parts[2]) || [])[1] || parts[2])) ? typed.replace(/\\/+$/, "") + "/v1" : "${REFUSED_SCHEME}:the-base-url-is-refused")[0])[0] }}`;

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}
