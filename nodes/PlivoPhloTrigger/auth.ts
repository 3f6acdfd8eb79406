/**
 * Whether a request may start the workflow, by the node's Authentication: Plivo's V3 signature
 * (and a nonce not seen within the replay window), a header secret, Basic auth, or none. The
 * caller answers every refusal alike, so nothing tells which check failed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { seenNonces } from './nonces';
import { isSignedByPlivo, parseForm, type Params } from './signature';

export type AuthVerdict = 'accepted' | 'refused' | 'busy';

/** Equal-length digests compared in constant time: neither length nor content leaks. */
export function sameSecret(given: string, expected: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
	return timingSafeEqual(digest(given), digest(expected)) && expected !== '';
}

function headerText(value: string | string[] | undefined): string {
	return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** The raw text after `?` in the path n8n received, or ''. */
function rawQueryOf(ctx: IWebhookFunctions): string {
	const request = ctx.getRequestObject() as { originalUrl?: string; url?: string };
	const path = request.originalUrl ?? request.url ?? '';
	const cut = path.indexOf('?');
	return cut === -1 ? '' : path.slice(cut + 1);
}

/**
 * The node's public webhook URL for this request, test or production, as n8n shows it to the
 * user (from WEBHOOK_URL behind a proxy): the URL pasted into Plivo, which Plivo signs. n8n lines
 * without getWebhookResourceUrl give only the production URL; a test request then takes its
 * endpoint (webhook-test) from the path it came in on.
 */
export function publicWebhookUrl(ctx: IWebhookFunctions): string {
	const resourceUrl = (ctx as { getWebhookResourceUrl?: IWebhookFunctions['getNodeWebhookUrl'] })
		.getWebhookResourceUrl;
	if (typeof resourceUrl === 'function') {
		const url = resourceUrl.call(ctx, 'default');
		if (url) return url;
	}
	const production = ctx.getNodeWebhookUrl('default') ?? '';
	if (ctx.getMode() !== 'manual') return production;
	const request = ctx.getRequestObject() as { originalUrl?: string; url?: string };
	const [, endpoint, ...rest] = (request.originalUrl ?? request.url ?? '').split('?')[0].split('/');
	const tail = `/${rest.join('/')}`;
	if (!endpoint || !production.endsWith(tail)) return production;
	return production.slice(0, -tail.length).replace(/[^/]*$/, endpoint) + tail;
}

/** The POST parameters Plivo signed: the form body as it came, or the fields n8n parsed. */
function signedBody(ctx: IWebhookFunctions): Params {
	const request = ctx.getRequestObject() as { rawBody?: unknown };
	const type = headerText(ctx.getHeaderData()['content-type']).toLowerCase();
	if (Buffer.isBuffer(request.rawBody) && type.includes('application/x-www-form-urlencoded')) {
		return parseForm(request.rawBody.toString('utf8'));
	}
	const params: Params = {};
	for (const [key, value] of Object.entries((ctx.getBodyData() ?? {}) as IDataObject)) {
		const values = Array.isArray(value) ? value : [value];
		if (values.every((v) => typeof v === 'string')) params[key] = values as string[];
	}
	return params;
}

async function checkSignature(ctx: IWebhookFunctions): Promise<AuthVerdict> {
	const headers = ctx.getHeaderData();
	const nonce = headerText(headers['x-plivo-signature-v3-nonce']);
	const signatures = ['x-plivo-signature-v3', 'x-plivo-signature-ma-v3']
		.map((name) => headerText(headers[name]))
		.filter((value) => value !== '');
	const credentials = await ctx.getCredentials('plivoPhloApi');
	const tokens = [credentials.authToken, credentials.mainAccountAuthToken].map((token) =>
		String(token ?? '').trim(),
	);
	const query = rawQueryOf(ctx);
	const url = publicWebhookUrl(ctx) + (query === '' ? '' : `?${query}`);
	const method = ctx.getRequestObject().method ?? 'POST';
	const signed = isSignedByPlivo(
		{ method, url, body: method === 'POST' ? signedBody(ctx) : {}, nonce, signatures },
		tokens,
	);
	if (!signed) return 'refused';
	// Only a signed request is remembered, so unsigned noise cannot fill the memory.
	const node = ctx.getNode();
	const verdict = seenNonces.check(`${node.webhookId ?? node.id}\n${nonce}`, Date.now());
	if (verdict === 'replay') return 'refused';
	return verdict === 'full' ? 'busy' : 'accepted';
}

async function checkHeader(ctx: IWebhookFunctions): Promise<AuthVerdict> {
	const { headerName, secret } = await ctx.getCredentials('plivoPhloHeaderAuthApi');
	const given = headerText(
		ctx.getHeaderData()[
			String(headerName ?? '')
				.trim()
				.toLowerCase()
		],
	);
	return sameSecret(given, String(secret ?? '')) ? 'accepted' : 'refused';
}

async function checkBasic(ctx: IWebhookFunctions): Promise<AuthVerdict> {
	const { user, password } = await ctx.getCredentials('plivoPhloBasicAuthApi');
	const header = headerText(ctx.getHeaderData().authorization);
	const match = /^basic\s+(\S+)$/i.exec(header.trim());
	const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
	const colon = decoded.indexOf(':');
	const givenUser = colon === -1 ? '' : decoded.slice(0, colon);
	const givenPassword = colon === -1 ? '' : decoded.slice(colon + 1);
	// Both compared, whatever the first gives, so the time does not tell which was wrong.
	const userMatches = sameSecret(givenUser, String(user ?? ''));
	const passwordMatches = sameSecret(givenPassword, String(password ?? ''));
	return userMatches && passwordMatches ? 'accepted' : 'refused';
}

export async function authenticate(
	ctx: IWebhookFunctions,
	authentication: string,
): Promise<AuthVerdict> {
	if (authentication === 'none') return 'accepted';
	if (authentication === 'headerAuth') return await checkHeader(ctx);
	if (authentication === 'basicAuth') return await checkBasic(ctx);
	return await checkSignature(ctx);
}
