import fc from 'fast-check';

import {
	ValidationError,
	encodeMemberAddress,
	parsePhloId,
	requireAddress,
	requireAuthId,
	requireDifferent,
	requireUuid,
} from '../../nodes/PlivoPhlo/helpers/validation';
import { parsePayloadFields, parsePayloadJson } from '../../nodes/PlivoPhlo/helpers/payload';

const PHLO = 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8';

function refusal(run: () => unknown): ValidationError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(ValidationError);
		return error as ValidationError;
	}
	throw new Error('expected the value to be refused');
}

describe('IDs', () => {
	it('accepts a UUID, trimming surrounding spaces', () => {
		expect(requireUuid(`  ${PHLO} `, 'Multi-Party Call Node ID')).toBe(PHLO);
	});

	it.each([
		['', 'is empty'],
		['   ', 'is empty'],
		['not-a-uuid', 'is not a UUID'],
		[`${PHLO}/../x`, 'is not a UUID'],
		[`${PHLO}?a=1`, 'is not a UUID'],
		['b4b48fc2-f47a-4a93-97c3-749ed9a40fa８', 'is not a UUID'],
	])('refuses %j, naming the field', (value, problem) => {
		const error = refusal(() => requireUuid(value, 'Multi-Party Call Node ID'));
		expect(error.message).toContain('Multi-Party Call Node ID');
		expect(error.message).toContain(problem);
		expect(error.expected).toContain('UUID');
	});

	it.each([
		[42, 'a number 42'],
		[null, 'null'],
		[undefined, 'a undefined'],
		[{ id: PHLO }, 'an object'],
		[[PHLO], 'a list'],
		[true, 'a boolean true'],
	])('refuses a value of the wrong type (%p)', (value, shown) => {
		const error = refusal(() => requireUuid(value, 'PHLO ID'));
		expect(error.message).toContain('expected text');
		expect(error.message).toContain(shown);
	});

	it('takes the PHLO ID out of a pasted Plivo console URL', () => {
		expect(parsePhloId(`https://console.plivo.com/phlo/edit/${PHLO}/`, 'PHLO ID')).toBe(PHLO);
	});

	it('refuses a URL from another host, and one with two IDs', () => {
		refusal(() => parsePhloId(`https://evil.example.com/phlo/${PHLO}`, 'PHLO ID'));
		const two = refusal(() =>
			parsePhloId(
				`https://console.plivo.com/phlo/${PHLO}/node/5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e`,
				'PHLO ID',
			),
		);
		expect(two.message).toContain('more than one ID');
	});

	it('checks the Auth ID that goes into the Run PHLO path', () => {
		expect(requireAuthId('MA0123456789ABCDEF01')).toBe('MA0123456789ABCDEF01');
		expect(requireAuthId('SA0123456789ABCDEF01')).toBe('SA0123456789ABCDEF01');
		refusal(() => requireAuthId('MA01/../../x'));
		refusal(() => requireAuthId('XX0123456789ABCDEF01'));
	});

	it('never shows a refused Auth ID: it may be the Auth Token in the wrong field', () => {
		const token = 'tok/en+secret=1-0123456789';
		const error = refusal(() => requireAuthId(token));
		expect(`${error.message} ${error.expected}`).not.toContain('tok/en');
		expect(error.message).toContain('is not a Plivo Auth ID');
	});

	it('gives IDs in lower case, as Plivo writes them', () => {
		expect(requireUuid(PHLO.toUpperCase(), 'PHLO ID')).toBe(PHLO);
		expect(parsePhloId(PHLO.toUpperCase(), 'PHLO ID')).toBe(PHLO);
		expect(
			parsePhloId(`https://console.plivo.com/phlo/edit/${PHLO.toUpperCase()}`, 'PHLO ID'),
		).toBe(PHLO);
	});
});

describe('addresses', () => {
	it.each([
		'+14155550100',
		'14155550100',
		'919920700964',
		'sip:john1234@phone.plivo.com',
		'sip:a.b-c_d@example.com:5060',
		'sip:a@example.com:65535',
	])('accepts %s', (value) => expect(requireAddress(value, 'To')).toBe(value));

	it.each([
		['+1 415 555 0100', 'is not a phone number or SIP endpoint'],
		['+1415555010012345678', 'is not a phone number or SIP endpoint'],
		['0014155550100', 'is not a phone number or SIP endpoint'],
		['sip:john@', 'is not a phone number or SIP endpoint'],
		['sip:jo hn@phone.plivo.com', 'is not a phone number or SIP endpoint'],
		['sip:john@phone.plivo.com/../../x', 'is not a phone number or SIP endpoint'],
		['+1415555\u00000100', 'is not a phone number or SIP endpoint'],
		['+１４１５５５５０１００', 'is not a phone number or SIP endpoint'],
		['x'.repeat(500), 'is not a phone number or SIP endpoint'],
		['sip:john@phone.plivo.com:65536', 'is not a phone number or SIP endpoint'],
		['sip:john@phone.plivo.com:99999', 'is not a phone number or SIP endpoint'],
	])('refuses %j', (value, problem) => {
		const error = refusal(() => requireAddress(value, 'Trigger Source'));
		expect(error.message).toContain('Trigger Source');
		expect(error.message).toContain(problem);
		expect(error.message.length).toBeLessThan(200);
	});

	it('shows control characters escaped, not raw', () => {
		const error = refusal(() => requireAddress('+1415\n5550100', 'To'));
		expect(error.message).toContain('\\n');
		expect(error.message).not.toContain('\n');
	});

	it('refuses a transfer to the agent who starts it, however the number is written', () => {
		const error = refusal(() =>
			requireDifferent('+14155550111', '14155550111', 'To', 'Trigger Source'),
		);
		expect(error.message).toContain('same as Trigger Source');
		expect(() =>
			requireDifferent('+14155550111', '+14155550122', 'To', 'Trigger Source'),
		).not.toThrow();
	});

	it('keeps +, : and @ literal in a member path segment and encodes the rest', () => {
		expect(encodeMemberAddress('+14155550100')).toBe('+14155550100');
		expect(encodeMemberAddress('sip:john1234@phone.plivo.com')).toBe(
			'sip:john1234@phone.plivo.com',
		);
		expect(encodeMemberAddress('a/b?c#d e')).toBe('a%2Fb%3Fc%23d%20e');
	});
});

describe('Run PHLO payload', () => {
	it('keeps JSON keys exactly as typed', () => {
		expect(
			parsePayloadJson(
				'{"customerName":"Ada","amount":42,"vip":true,"note":null}',
				'Payload (JSON)',
			),
		).toEqual({
			customerName: 'Ada',
			amount: 42,
			vip: true,
			note: null,
		});
		expect(parsePayloadJson('  ', 'Payload (JSON)')).toEqual({});
		expect(parsePayloadJson({ a: '1' }, 'Payload (JSON)')).toEqual({ a: '1' });
	});

	it.each([
		['[1,2]', 'must be a JSON object, got a list'],
		['"text"', 'must be a JSON object, got a string'],
		['42', 'must be a JSON object, got a number'],
		['null', 'must be a JSON object, got null'],
		['{"a":', 'is not valid JSON'],
		['{"a":{"b":1}}', 'a PHLO run takes a flat object'],
		['{"a b":1}', 'is not allowed'],
		['{"__proto__":{"x":1}}', 'the key "__proto__" is not allowed'],
		['{"__proto__":1}', 'the key "__proto__" is not allowed'],
		['{"a":1,"b":2,"a":3}', 'the key "a" appears twice'],
		['{"a":1," a":2,"\\u0061":3}', 'the key "a" appears twice'],
	])('refuses JSON %s', (value, problem) => {
		expect(refusal(() => parsePayloadJson(value, 'Payload (JSON)')).message).toContain(problem);
	});

	it('takes key/value rows and refuses empty and duplicate keys, naming the row', () => {
		expect(
			parsePayloadFields(
				[
					{ key: 'customer_name', value: 'Ada' },
					{ key: 'amount', value: '42' },
				],
				'Payload Fields',
			),
		).toEqual({
			customer_name: 'Ada',
			amount: '42',
		});
		expect(parsePayloadFields(undefined, 'Payload Fields')).toEqual({});
		const empty = refusal(() =>
			parsePayloadFields(
				[
					{ key: 'a', value: '1' },
					{ key: ' ', value: '2' },
				],
				'Payload Fields',
			),
		);
		expect(empty.message).toContain('row 2');
		expect(empty.message).toContain('the key is empty');
		const twice = refusal(() =>
			parsePayloadFields(
				[
					{ key: 'a', value: '1' },
					{ key: 'a', value: '2' },
				],
				'Payload Fields',
			),
		);
		expect(twice.message).toContain('appears twice');
		for (const rows of [
			[{ key: '__proto__', value: '1' }],
			[{ key: '__proto__' }, { key: '__proto__' }],
		]) {
			expect(refusal(() => parsePayloadFields(rows, 'Payload Fields')).message).toContain(
				'the key "__proto__" is not allowed',
			);
		}
	});

	it('keeps keys that only look alike, and nested text that repeats a key', () => {
		expect(parsePayloadJson('{"a":"{\\"a\\":1}","b":"\\"a\\":"}', 'Payload (JSON)')).toEqual({
			a: '{"a":1}',
			b: '"a":',
		});
	});
});

describe('fuzzed: no input can leave the documented path shapes', () => {
	const anyInput = fc.oneof(
		fc.string({ unit: 'binary', maxLength: 80 }),
		fc.constantFrom(
			PHLO,
			`https://console.plivo.com/phlo/edit/${PHLO}`,
			'+14155550100',
			'sip:a@b.c',
		),
		fc.string({
			unit: fc.constantFrom(...'0123456789abcdef-+:@/.?#%sip '.split('')),
			maxLength: 60,
		}),
		fc.anything(),
	);
	const uuid = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

	it('IDs are UUIDs or refused', () => {
		fc.assert(
			fc.property(anyInput, (value) => {
				try {
					expect(parsePhloId(value, 'PHLO ID')).toMatch(uuid);
					expect(requireUuid(value, 'x')).toMatch(uuid);
				} catch (error) {
					if (!(error instanceof ValidationError)) throw error;
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('member addresses become exactly one path segment or are refused', () => {
		fc.assert(
			fc.property(anyInput, (value) => {
				let address: string;
				try {
					address = requireAddress(value, 'Member Address');
				} catch (error) {
					if (error instanceof ValidationError) return;
					throw error;
				}
				const base = `/v1/phlo/${PHLO}/multi_party_call/${PHLO}/members/`;
				const url = new URL(`https://phlorunner.plivo.com${base}${encodeMemberAddress(address)}`);
				expect(url.pathname.startsWith(base)).toBe(true);
				expect(url.pathname.slice(base.length)).not.toMatch(/[/?#]|^\.\.?$/);
				expect(url.search).toBe('');
				expect(url.hash).toBe('');
				expect(decodeURIComponent(url.pathname.slice(base.length))).toBe(address);
			}),
			{ numRuns: 3000 },
		);
	});
});
