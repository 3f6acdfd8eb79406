import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_VERSION } from '../../nodes/PlivoPhlo/transport';
import { createRedactor } from '../../nodes/PlivoPhlo/transport/redact';
import { backoffMs, retryAfterMs } from '../../nodes/PlivoPhlo/transport/retryPolicy';

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

it('announces the package version it is', () => {
	const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8'));
	expect(PACKAGE_VERSION).toBe(manifest.version);
});
