/**
 * Every value a user or an upstream item supplies is checked here before any request is built.
 * The rules keep IDs to UUIDs and addresses to phone numbers or SIP URIs, so nothing typed into a
 * field can change the URL path a request goes to. Pure functions: no n8n context needed.
 */

/** A refused value: names the field, shows the value, says what was expected. */
export class ValidationError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly expected: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'ValidationError';
	}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** E.164 with or without '+', or the bare digits Plivo also accepts. */
const PHONE = /^\+?[1-9][0-9]{5,14}$/;
/** sip:user@host[:port] with a conservative character set (Plivo endpoints look like sip:john1234@phone.plivo.com). */
const SIP_URI =
	/^sip:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/;
const AUTH_ID = /^(MA|SA)[A-Z0-9]{18}$/;
const PAYLOAD_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;
const MAX_SHOWN = 60;

export const EXPECTED = {
	uuid: 'a UUID such as b4b48fc2-f47a-4a93-97c3-749ed9a40fa8, as shown in the Plivo console',
	phloId:
		"a PHLO ID (a UUID such as b4b48fc2-f47a-4a93-97c3-749ed9a40fa8) or the PHLO's console URL that contains it",
	address:
		'a phone number in E.164 form (+14155550100), bare digits (14155550100), or a SIP endpoint (sip:alice@phone.plivo.com)',
	payloadKey:
		'a key made of letters, digits, "_", "-" or ".", starting with a letter or "_", that matches a key your PHLO\'s Start node defines',
} as const;

/** Shows a refused value safely: quoted, control characters escaped, long values cut. */
export function showValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (typeof value === 'string') {
		const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
		return JSON.stringify(cut);
	}
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return `a list of ${value.length}`;
	return 'an object';
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Text input: must be a string with something in it once surrounding spaces are removed. */
export function requireText(value: unknown, field: string, expected: string): string {
	if (typeof value !== 'string') {
		const hint =
			typeof value === 'number' ? ' (wrap the expression in String(…) to send it as text)' : '';
		throw new ValidationError(
			field,
			`expected text but got ${typeName(value)} ${showValue(value)}${hint}`,
			expected,
		);
	}
	const trimmed = value.trim();
	if (trimmed === '') {
		throw new ValidationError(field, 'is empty', expected);
	}
	return trimmed;
}

export function requireUuid(value: unknown, field: string): string {
	const text = requireText(value, field, EXPECTED.uuid);
	if (!UUID.test(text)) {
		throw new ValidationError(field, `${showValue(text)} is not a UUID`, EXPECTED.uuid);
	}
	return text;
}

/** A PHLO ID, or a Plivo console URL that contains exactly one. */
export function parsePhloId(value: unknown, field: string): string {
	const text = requireText(value, field, EXPECTED.phloId);
	if (UUID.test(text)) return text;
	if (/^https?:\/\//i.test(text)) {
		let host = '';
		try {
			host = new URL(text).hostname.toLowerCase();
		} catch {
			// not a URL after all: reported below
		}
		const ids = [...new Set(text.match(UUID_ANYWHERE) ?? [])];
		if ((host === 'plivo.com' || host.endsWith('.plivo.com')) && ids.length === 1) return ids[0];
		if (ids.length > 1) {
			throw new ValidationError(
				field,
				`the URL ${showValue(text)} contains more than one ID; paste the PHLO ID itself`,
				EXPECTED.phloId,
			);
		}
	}
	throw new ValidationError(
		field,
		`${showValue(text)} is not a PHLO ID or a Plivo console URL containing one`,
		EXPECTED.phloId,
	);
}

/** A phone number or SIP endpoint (to, trigger source, member address). */
export function requireAddress(value: unknown, field: string): string {
	const text = requireText(value, field, EXPECTED.address);
	if (PHONE.test(text) || SIP_URI.test(text)) return text;
	throw new ValidationError(
		field,
		`${showValue(text)} is not a phone number or SIP endpoint`,
		EXPECTED.address,
	);
}

export function requireOneOf<T extends string>(
	value: unknown,
	field: string,
	allowed: readonly T[],
): T {
	const expected = `one of: ${allowed.join(', ')}`;
	const text = requireText(value, field, expected);
	if ((allowed as readonly string[]).includes(text)) return text as T;
	throw new ValidationError(field, `${showValue(text)} is not allowed`, expected);
}

/** Two addresses that must name different people (a transfer to the agent who starts it). */
export function requireDifferent(a: string, b: string, fieldA: string, fieldB: string): void {
	if (normalizeAddress(a) === normalizeAddress(b)) {
		throw new ValidationError(
			fieldA,
			`${showValue(a)} is the same as ${fieldB}`,
			`a different person than the ${fieldB}`,
		);
	}
}

function normalizeAddress(address: string): string {
	return address.startsWith('sip:') ? address.toLowerCase() : address.replace(/^\+/, '');
}

/** The Auth ID from the credential; it becomes part of the Run PHLO path. */
export function requireAuthId(value: unknown): string {
	const expected = 'the 20-character Auth ID from the Plivo console, starting with MA or SA';
	const text = requireText(value, 'Auth ID (credential)', expected);
	if (!AUTH_ID.test(text)) {
		throw new ValidationError(
			'Auth ID (credential)',
			`${showValue(text)} is not a Plivo Auth ID`,
			expected,
		);
	}
	return text;
}

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

/**
 * A member address as a path segment: '+', ':' and '@' stay literal as Plivo's SDKs send them;
 * everything else that could change the path is percent-encoded.
 */
export function encodeMemberAddress(address: string): string {
	return encodeURIComponent(address).replace(/%2B/g, '+').replace(/%3A/g, ':').replace(/%40/g, '@');
}
