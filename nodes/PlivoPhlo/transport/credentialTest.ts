/**
 * The credential's Test button keeps the node's rules: it goes only where the node would send the
 * token (TEST_REQUEST_BASE_URL), never follows a redirect, ends by a deadline, and shows no text
 * of the server's, only its own words for each status.
 *
 * What n8n honours (its credential test, `CredentialsTester` in n8n's CLI, 2.x): the declared
 * request goes through n8n-core's RoutingNode, which replaces its `timeout` with 300 s, then
 * through the credential's `authenticate`; a status outside 2xx is shown as the response's reason
 * phrase (server text, which can echo the Authorization header) unless a `responseCode` rule names
 * that status. So the deadline is set in `authenticate`, and every status has a rule.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { TEST_REQUEST_BASE_URL } from './endpoints';

/** The Test button's request ends within this, whatever the server does. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

/** Plivo's account read, the Test button's target; no request of the node goes there. */
const ACCOUNT_READ_PATH = /^\/Account\/[^/]*\/$/;

/** Statuses a server can send (3 digits) that are not a success, each given a rule. */
const FIRST_STATUS = 300;
const LAST_STATUS = 999;

function statusMessage(status: number): string {
	if (status >= 300 && status < 400) {
		return `The server answered ${status}, a redirect. The Test button does not follow redirects, so the Auth Token went nowhere else; check the Base URL.`;
	}
	const known: Record<number, string> = {
		401: 'Plivo refused the Auth ID and Auth Token (401). Copy both again from the Overview page of the Plivo console.',
		403: 'Plivo refused access for this Auth ID (403): the account may be suspended or not verified.',
		404: 'No Plivo account API at this address (404). Check the Auth ID, and for a Custom Server its Base URL.',
		429: 'Plivo is rate-limiting this account (429). Try the test again in a minute.',
	};
	return (
		known[status] ??
		`The server answered HTTP ${status}, so the credential could not be verified${status >= 500 ? ' (a temporary fault: try again shortly)' : ''}.`
	);
}

export const CREDENTIAL_TEST: ICredentialTestRequest = {
	request: {
		baseURL: TEST_REQUEST_BASE_URL,
		url: '=/Account/{{$credentials.authId.trim()}}/',
		method: 'GET',
		// No redirect and the deadline: set where n8n cannot replace them, in signRequest.
	},
	rules: Array.from({ length: LAST_STATUS - FIRST_STATUS + 1 }, (_, index) => {
		const status = FIRST_STATUS + index;
		const properties = { value: status, message: statusMessage(status) };
		return { type: 'responseCode' as const, properties };
	}),
};

/**
 * A request signed with the credential: HTTP Basic from the Auth ID and Auth Token, trimmed as
 * the node trims them; never a redirect (it would carry the Basic header to another host); and
 * for the Test button's request, a deadline for the whole exchange.
 */
export function signRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const signed: IHttpRequestOptions = {
		...requestOptions,
		auth: {
			username: String(credentials.authId ?? '').trim(),
			password: String(credentials.authToken ?? '').trim(),
		},
		disableFollowRedirect: true,
	};
	if (ACCOUNT_READ_PATH.test(String(requestOptions.url ?? ''))) {
		const deadline = AbortSignal.timeout(CREDENTIAL_TEST_TIMEOUT_MS);
		const given = requestOptions.abortSignal as AbortSignal | undefined;
		signed.timeout = CREDENTIAL_TEST_TIMEOUT_MS;
		signed.abortSignal = given ? AbortSignal.any([given, deadline]) : deadline;
	}
	return signed;
}
