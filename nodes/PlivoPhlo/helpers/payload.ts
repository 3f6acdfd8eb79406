/**
 * The Run PHLO payload, typed as JSON or as key/value rows: a flat object whose keys match the
 * PHLO's Start node, each key once, values text, numbers, true/false or null.
 */
import { EXPECTED, showValue, typeName, ValidationError } from './validation';

const PAYLOAD_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export type PayloadValue = string | number | boolean | null;
export type Payload = Record<string, PayloadValue>;

function checkPayloadKey(key: string, field: string): void {
	if (!PAYLOAD_KEY.test(key)) {
		throw new ValidationError(
			field,
			`the key ${showValue(key)} is not allowed`,
			EXPECTED.payloadKey,
		);
	}
}

function checkPayloadValue(key: string, value: unknown, field: string): PayloadValue {
	if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
		if (typeof value === 'number' && !Number.isFinite(value)) {
			throw new ValidationError(
				field,
				`the value of ${showValue(key)} is not a finite number`,
				'text, a number, true/false or null',
			);
		}
		return value as PayloadValue;
	}
	throw new ValidationError(
		field,
		`the value of ${showValue(key)} is ${typeName(value)}; a PHLO run takes a flat object`,
		'text, a number, true/false or null for each key',
	);
}

function parseJson(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

/** Run PHLO payload typed as JSON: a flat object whose keys match the PHLO's Start node. */
export function parsePayloadJson(value: unknown, field: string): Payload {
	const expected = 'a JSON object such as {"customer_name": "Ada", "amount": 42}';
	let parsed: unknown = value;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return {};
		const result = parseJson(text);
		if ('problem' in result) {
			throw new ValidationError(field, `is not valid JSON (${result.problem})`, expected);
		}
		parsed = result.value;
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new ValidationError(field, `must be a JSON object, got ${typeName(parsed)}`, expected);
	}
	const payload: Payload = {};
	for (const [key, entry] of Object.entries(parsed)) {
		checkPayloadKey(key, field);
		payload[key] = checkPayloadValue(key, entry, field);
	}
	return payload;
}

/** Run PHLO payload typed as key/value rows: no empty and no duplicate keys. */
export function parsePayloadFields(rows: unknown, field: string): Payload {
	const list = rows === undefined || rows === null ? [] : rows;
	if (!Array.isArray(list)) {
		throw new ValidationError(
			field,
			`expected a list of key/value rows, got ${typeName(list)}`,
			EXPECTED.payloadKey,
		);
	}
	const payload: Payload = {};
	for (const [position, row] of (list as unknown[]).entries()) {
		const entry = (row ?? {}) as { key?: unknown; value?: unknown };
		const label = `${field}, row ${position + 1}`;
		const key = typeof entry.key === 'string' ? entry.key.trim() : entry.key;
		if (key === undefined || key === '') {
			throw new ValidationError(label, 'the key is empty', EXPECTED.payloadKey);
		}
		if (typeof key !== 'string') {
			throw new ValidationError(label, `the key is ${typeName(key)}`, EXPECTED.payloadKey);
		}
		checkPayloadKey(key, label);
		if (Object.prototype.hasOwnProperty.call(payload, key)) {
			throw new ValidationError(label, `the key ${showValue(key)} appears twice`, 'each key once');
		}
		payload[key] = checkPayloadValue(key, entry.value ?? '', label);
	}
	return payload;
}
