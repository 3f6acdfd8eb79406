/**
 * What the node decides where a value could be read two ways (docs/security.md): a By URL PHLO
 * ID, its length and its pattern's cost; a SIP address's default port; the options' bounds.
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import {
	MAX_URL_LENGTH,
	normalizeAddress,
	noPhloIdInUrl,
	parsePhloId,
	PLIVO_URL_SOURCE,
	ValidationError,
} from '../../nodes/PlivoPhlo/helpers/validation';
import { participantKey } from '../../nodes/PlivoPhlo/run/participantOrder';
import { MAX_TIMEOUT_MS, readRunOptions } from '../../nodes/PlivoPhlo/run/options';

const PHLO = 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8';
const NODE = '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e';
const CONSOLE = `https://console.plivo.com/phlo/edit/${PHLO}/`;
/** What n8n's extractValue does with the By URL pattern: its one group, or nothing. */
const extracted = (value: string) => new RegExp(PLIVO_URL_SOURCE).exec(value)?.[1];
/** What the editor's validation does: the pattern must match the whole value. */
const valid = (value: string) => new RegExp(`^(?:${PLIVO_URL_SOURCE})$`).test(value);

function refusal(read: () => unknown): ValidationError {
	try {
		read();
	} catch (error) {
		if (error instanceof ValidationError) return error;
		throw error;
	}
	throw new Error('expected a refusal');
}

describe('a By URL PHLO ID', () => {
	it('is the one UUID of a Plivo console URL, in the editor and at run time', () => {
		expect(extracted(CONSOLE)).toBe(PHLO);
		expect(valid(CONSOLE)).toBe(true);
		expect(parsePhloId(CONSOLE, 'PHLO ID')).toBe(PHLO);
	});

	it('is refused with two UUIDs, as By ID refuses two: which one is the PHLO is not known', () => {
		const two = `https://console.plivo.com/phlo/${PHLO}/node/${NODE}`;
		expect(extracted(two)).toBeUndefined();
		expect(valid(two)).toBe(false);
		expect(refusal(() => parsePhloId(two, 'PHLO ID')).message).toMatch(
			/^PHLO ID: .*more than one ID.*By ID refuses two/,
		);
		expect(noPhloIdInUrl(two, 'PHLO ID').message).toMatch(/more than one ID/);
	});

	it('is refused when the UUID runs on into more hex digits: no substring is taken', () => {
		for (const url of [
			`https://console.plivo.com/phlo/edit/${PHLO}0abc/`,
			`https://console.plivo.com/phlo/edit/f${PHLO}/`,
		]) {
			expect(extracted(url)).toBeUndefined();
			refusal(() => parsePhloId(url, 'PHLO ID'));
		}
	});

	it('is accepted in upper case: scheme, host and UUID are case-insensitive', () => {
		const upper = CONSOLE.toUpperCase();
		expect(extracted(upper)).toBe(PHLO.toUpperCase());
		expect(valid(upper)).toBe(true);
		expect(parsePhloId(upper, 'PHLO ID')).toBe(PHLO);
	});

	it('is refused from another host, also one ending in plivo.com', () => {
		for (const url of [
			`https://evil.example.com/phlo/${PHLO}`,
			`https://evilplivo.com/phlo/${PHLO}`,
			`https://console.plivo.com.evil.example/phlo/${PHLO}`,
		]) {
			expect(extracted(url)).toBeUndefined();
			refusal(() => parsePhloId(url, 'PHLO ID'));
		}
	});

	it(`is refused past ${MAX_URL_LENGTH} characters, saying so`, () => {
		const long = `${CONSOLE}?${'x'.repeat(MAX_URL_LENGTH)}`;
		expect(extracted(long)).toBeUndefined();
		expect(refusal(() => parsePhloId(long, 'PHLO ID')).message).toMatch(
			new RegExp(`^PHLO ID: is ${long.length} characters long, more than the 2048`),
		);
		expect(noPhloIdInUrl(long, 'PHLO ID').message).toMatch(/more than the 2048/);
		expect(extracted(`${CONSOLE}?${'x'.repeat(MAX_URL_LENGTH - CONSOLE.length - 1)}`)).toBe(PHLO);
	});

	it.each([
		['many UUIDs then a space', `${CONSOLE}${`${PHLO}/`.repeat(3000)} x`],
		['a long path then a space', `${CONSOLE}${'a/'.repeat(50_000)} x`],
		[
			'hex runs that almost make a UUID',
			`https://console.plivo.com/${'aaaaaaaa-aaaa-'.repeat(8000)}`,
		],
		['a long host', `https://${'a.'.repeat(50_000)}plivo.co/${PHLO}`],
	])('is linear on crafted input: %s', (_what, crafted) => {
		// Without the length cap's lookahead, to time the pattern itself on 100 KB and more.
		const uncapped = new RegExp(PLIVO_URL_SOURCE.replace(/^\^\(\?=[^)]*\)/, '^'));
		const started = Date.now();
		uncapped.exec(crafted);
		uncapped.exec(crafted + crafted);
		expect(Date.now() - started).toBeLessThan(500);
	});
});

describe('a SIP participant', () => {
	it('is the same with or without the default port 5060, and in any case', () => {
		expect(normalizeAddress('sip:a@h:5060')).toBe(normalizeAddress('sip:a@h'));
		expect(normalizeAddress('sip:A@H:05060')).toBe(normalizeAddress('sip:a@h'));
		const key = (address: string) => participantKey('/phlo/p/multi_party_call/n', 'agent', address);
		expect(key('sip:a@h:5060')).toBe(key('sip:a@h'));
		expect(key('sip:a@h:5061')).not.toBe(key('sip:a@h'));
		expect(normalizeAddress('sip:a@h:080')).toBe('sip:a@h:80');
	});
});

describe('the options', () => {
	const node = { name: 'Plivo PHLO' };
	const withOptions = (options: Record<string, unknown>) =>
		({
			getNodeParameter: () => options,
			getNode: () => node,
		}) as unknown as IExecuteFunctions;
	const refused = (options: Record<string, unknown>) => {
		try {
			readRunOptions(withOptions(options));
		} catch (error) {
			if (error instanceof NodeOperationError) return error;
			throw error;
		}
		throw new Error('expected the options to be refused');
	};

	it('take values within their bounds', () => {
		const { request, flow } = readRunOptions(
			withOptions({ timeout: MAX_TIMEOUT_MS, maxRetryWait: 3600, maxTurnWait: 3600 }),
		);
		expect(request).toEqual({ timeoutMs: 300_000, maxRetries: 5, maxRetryWaitMs: 3_600_000 });
		expect(flow.maxTurnWaitMs).toBe(3_600_000);
	});

	it.each([
		[
			{ timeout: 3_000_000_000 },
			/^Options › Timeout \(Ms\): 3000000000 is not a number from 100 to 300000 \[item 0\]$/,
		],
		[{ timeout: 50 }, /Timeout \(Ms\): 50 is not a number from 100/],
		[{ maxRetryWait: 3601 }, /Max Retry Wait \(Seconds\): 3601 is not a number from 0 to 3600/],
		[{ maxTurnWait: 1e9 }, /Max Wait for a Turn \(Seconds\): 1000000000/],
		[{ maxRetries: 21 }, /Max Retries: 21 is not a number from 0 to 20/],
		[{ maxConcurrency: 0 }, /Max Requests in Flight: 0/],
		[{ maxRequestsPerSecond: 1001 }, /Max Requests per Second: 1001/],
		[{ timeout: 'soon' }, /Timeout \(Ms\): "soon" is not a number/],
		[{ timeout: Number.NaN }, /Timeout \(Ms\): null is not a number/],
	])('refuse %j, naming the field and the item', (options, message) => {
		const error = refused(options);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/No request was sent/);
	});
});
