/**
 * The Run PHLO payload, typed as JSON or as key/value rows: a flat object whose keys match the
 * PHLO's Start node, each key once, values text, numbers, true/false or null.
 */
import { EXPECTED, showValue, typeName, ValidationError } from './validation';

const PAYLOAD_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

export type PayloadValue = string | number | boolean | null;
export type Payload = Record<string, PayloadValue>;

function checkPayloadKey(key: string, field: string): void {
	// "__proto__" would set the object's prototype instead of a key: it would vanish silently.
	if (!PAYLOAD_KEY.test(key) || key === '__proto__') {
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

/**
 * The first key a JSON object text names twice at its top level, if any. JSON.parse keeps the
 * last of duplicate keys without a word; the payload must not lose a value that way. Call only
 * on text JSON.parse accepted.
 */
export function duplicateTopLevelKey(text: string): string | undefined {
	const seen = new Set<string>();
	let depth = 0;
	for (let at = 0; at < text.length; at++) {
		const character = text[at];
		if (character === '"') {
			const end = endOfString(text, at);
			if (depth === 1 && /^\s*:/.test(text.slice(end + 1, end + 64))) {
				const key = JSON.parse(text.slice(at, end + 1)) as string;
				if (seen.has(key)) return key;
				seen.add(key);
			}
			at = end;
		} else if (character === '{' || character === '[') depth++;
		else if (character === '}' || character === ']') depth--;
	}
	return undefined;
}

/** Index of the quote that closes the JSON string opening at `start`. */
function endOfString(text: string, start: number): number {
	let at = start + 1;
	while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
	return at;
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
		const twice = duplicateTopLevelKey(text);
		if (twice !== undefined) {
			throw new ValidationError(
				field,
				`the key ${showValue(twice)} appears twice`,
				'each key once',
			);
		}
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
