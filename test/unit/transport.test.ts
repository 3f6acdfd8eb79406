import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { resolveEndpoints } from '../../nodes/PlivoPhlo/transport/endpoints';
import { createRedactor } from '../../nodes/PlivoPhlo/transport/redact';
import { backoffMs, PACKAGE_VERSION, retryAfterMs } from '../../nodes/PlivoPhlo/transport';

describe('Retry-After', () => {
	const now = Date.parse('2026-11-24T12:00:00Z');
	it('reads seconds and HTTP dates', () => {
		expect(retryAfterMs('3', now)).toBe(3000);
		expect(retryAfterMs('0.5', now)).toBe(500);
		expect(retryAfterMs(['2'], now)).toBe(2000);
		expect(retryAfterMs('Tue, 24 Nov 2026 12:00:07 GMT', now)).toBe(7000);
		expect(retryAfterMs('Tue, 24 Nov 2026 11:00:00 GMT', now)).toBe(0);
	});
	it('ignores what it cannot read', () => {
		expect(retryAfterMs(undefined, now)).toBeUndefined();
		expect(retryAfterMs('soon', now)).toBeUndefined();
		expect(retryAfterMs('-5', now)).toBeUndefined();
	});
});

describe('back-off', () => {
	it('doubles per retry with jitter in the upper half, capped at 30 s', () => {
		expect(backoffMs(0, () => 0)).toBe(250);
		expect(backoffMs(0, () => 1)).toBe(500);
		expect(backoffMs(3, () => 1)).toBe(4000);
		expect(backoffMs(20, () => 1)).toBe(30000);
	});
});

describe('redaction', () => {
	const redact = createRedactor('MA0123456789ABCDEF01', 'tok/en+secret=1');
	it('removes the token, its URL-encoded and Basic forms', () => {
		const basic = Buffer.from('MA0123456789ABCDEF01:tok/en+secret=1').toString('base64');
		const text = `echo tok/en+secret=1 and ${encodeURIComponent('tok/en+secret=1')} and Authorization: Basic ${basic} and ${basic}`;
		const clean = redact(text);
		expect(clean).not.toContain('tok/en+secret=1');
		expect(clean).not.toContain(basic);
		expect(clean).not.toContain(encodeURIComponent('tok/en+secret=1'));
		expect(clean).toContain('Basic [redacted]');
	});
});

describe('endpoints', () => {
	it('uses Plivo for production', () => {
		expect(resolveEndpoints({ environment: 'production' })).toEqual({
			runner: 'https://phlorunner.plivo.com/v1',
			account: 'https://api.plivo.com/v1',
		});
	});
	it('uses a custom root with /v1, on https or loopback http', () => {
		expect(
			resolveEndpoints({ environment: 'custom', baseUrl: 'http://127.0.0.1:8700/' }).runner,
		).toBe('http://127.0.0.1:8700/v1');
		expect(
			resolveEndpoints({ environment: 'custom', baseUrl: 'https://phlo.example.com/base' }).runner,
		).toBe('https://phlo.example.com/base/v1');
		expect(resolveEndpoints({ environment: 'custom', baseUrl: 'http://localhost:1' }).account).toBe(
			'http://localhost:1/v1',
		);
	});
	it.each([
		['http://10.0.0.5:8700', 'clear text'],
		['http://phlo.example.com', 'clear text'],
		['ftp://127.0.0.1', 'must start with https://'],
		['not a url', 'is not a URL'],
		['https://user:pw@phlo.example.com', 'without user info'],
	])('refuses %s', (baseUrl, problem) => {
		expect(() => resolveEndpoints({ environment: 'custom', baseUrl })).toThrow(problem);
	});
});

it('announces the package version it is', () => {
	const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
	expect(PACKAGE_VERSION).toBe(manifest.version);
});
