/**
 * The URL the trigger checks a signature over: n8n's public webhook URL, test or production as the
 * request came. n8n lines without getWebhookResourceUrl give only the production URL; a test
 * request then takes its endpoint from the path it came in on (proxy prefix kept).
 */
import type { IWebhookFunctions } from 'n8n-workflow';

import { publicWebhookUrl } from '../../nodes/PlivoPhloTrigger/auth';

const ID = '0525f4a1-d776-4d1a-9cd4-fe1397731285';

function context(options: {
	production: string;
	mode: 'webhook' | 'manual';
	path: string;
	resourceUrl?: string;
}): IWebhookFunctions {
	const ctx = {
		getNodeWebhookUrl: () => options.production,
		getMode: () => options.mode,
		getRequestObject: () => ({ originalUrl: options.path }),
		...(options.resourceUrl ? { getWebhookResourceUrl: () => options.resourceUrl } : {}),
	};
	return ctx as unknown as IWebhookFunctions;
}

describe('publicWebhookUrl', () => {
	it("takes n8n's resource URL where n8n has one (test or production as called)", () => {
		const resourceUrl = `https://n8n.example.com/webhook-test/${ID}/plivo`;
		const ctx = context({
			production: `https://n8n.example.com/webhook/${ID}/plivo`,
			mode: 'manual',
			path: `/webhook-test/${ID}/plivo`,
			resourceUrl,
		});
		expect(publicWebhookUrl(ctx)).toBe(resourceUrl);
	});

	it('older n8n, production request: the production URL', () => {
		const production = `https://hooks.example.com/base/webhook/${ID}/plivo`;
		const ctx = context({ production, mode: 'webhook', path: `/webhook/${ID}/plivo?x=1` });
		expect(publicWebhookUrl(ctx)).toBe(production);
	});

	it.each([
		['webhook', 'webhook-test', 'https://hooks.example.com/base/'],
		['hooks', 'hooks-test', 'https://n8n.example.com:8443/'],
	])(
		'older n8n, test request: the production URL with the test endpoint (%s → %s)',
		(production, test, base) => {
			const ctx = context({
				production: `${base}${production}/${ID}/plivo`,
				mode: 'manual',
				path: `/${test}/${ID}/plivo?team=red`,
			});
			expect(publicWebhookUrl(ctx)).toBe(`${base}${test}/${ID}/plivo`);
		},
	);
});
