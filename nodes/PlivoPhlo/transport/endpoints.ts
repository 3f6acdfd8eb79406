import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const PRODUCTION_RUNNER_URL = 'https://phlorunner.plivo.com/v1';
export const PRODUCTION_ACCOUNT_URL = 'https://api.plivo.com/v1';

export interface Endpoints {
	/** PHLO runner API root, e.g. https://phlorunner.plivo.com/v1 */
	runner: string;
	/** Account API root (credential check), e.g. https://api.plivo.com/v1 */
	account: string;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Where requests go for a credential. A custom server (the simulator, a test double) may use
 * plain http only on this machine's loopback: the Auth Token must not travel in clear text.
 */
export function resolveEndpoints(credentials: ICredentialDataDecryptedObject): Endpoints {
	if (credentials.environment !== 'custom') {
		return { runner: PRODUCTION_RUNNER_URL, account: PRODUCTION_ACCOUNT_URL };
	}
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	const url = parseUrl(raw);
	if (!url) {
		throw new Error(
			`The credential's Base URL ${JSON.stringify(raw)} is not a URL. Use the root of a PHLO-compatible server, e.g. http://127.0.0.1:8700`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new Error(`The credential's Base URL must start with https:// (got ${url.protocol}//)`);
	}
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		throw new Error(
			`The credential's Base URL uses plain http:// to ${url.hostname}; the Auth Token would travel in clear text. Use https://, or http:// only to a server on this machine (127.0.0.1, localhost).`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new Error(
			"The credential's Base URL must be a plain server root without user info, query or fragment",
		);
	}
	const root = `${url.origin}${url.pathname.replace(/\/+$/, '')}/v1`;
	return { runner: root, account: root };
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}
