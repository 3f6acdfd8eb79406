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
/** A console URL is far shorter; a longer value is refused before any pattern runs on it. */
export const MAX_URL_LENGTH = 2048;
const HEX = '[0-9a-fA-F]';
/**
 * The PHLO ID field's checks in the editor, as regex text (n8n wraps a mode's validation in ^…$):
 * a UUID, and a Plivo console URL holding exactly one, whose one group is the PHLO ID that the By
 * URL mode's extractValue takes. Linear in the input: no part can match the same text two ways
 * (the text around the UUID cannot start one), and inputs past MAX_URL_LENGTH fail at once.
 * Scheme and host in any case; a UUID run into more hex digits is not one.
 */
export const UUID_SOURCE = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;
const WITHOUT_UUID = `(?:(?!${UUID_SOURCE})\\S)*`;
const PLIVO_HOST = '(?:[A-Za-z0-9.-]*\\.)?[Pp][Ll][Ii][Vv][Oo]\\.[Cc][Oo][Mm]';
export const PLIVO_URL_SOURCE = `^(?=[\\s\\S]{0,${MAX_URL_LENGTH}}$)\\s*[Hh][Tt][Tt][Pp][Ss]?://${PLIVO_HOST}/${WITHOUT_UUID}(?<!${HEX})(${UUID_SOURCE})(?!${HEX})${WITHOUT_UUID}\\s*$`;
/** Every UUID in a text, each not run into more hex digits. */
const UUID_ANYWHERE =
	/(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;
/** E.164 with or without '+', or the bare digits Plivo also accepts. */
const PHONE = /^\+?[1-9][0-9]{5,14}$/;
/** sip:user@host[:port] with a conservative character set (Plivo endpoints look like sip:john1234@phone.plivo.com). */
const SIP_URI =
	/^sip:[A-Za-z0-9._~+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*(?::[0-9]{1,5})?$/;
/** The port a SIP URI without one means (RFC 3261). */
const SIP_DEFAULT_PORT = 5060;
const AUTH_ID = /^(MA|SA)[A-Z0-9]{18}$/;
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

export function typeName(value: unknown): string {
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
	// Plivo's IDs are lower case; one typed in upper case names the same PHLO or node.
	return text.toLowerCase();
}

/** A PHLO ID, or a Plivo console URL that contains exactly one. */
export function parsePhloId(value: unknown, field: string): string {
	if (typeof value === 'string' && value.length > MAX_URL_LENGTH) {
		throw new ValidationError(
			field,
			`is ${value.length} characters long, more than the ${MAX_URL_LENGTH} a console URL can be`,
			EXPECTED.phloId,
		);
	}
	const text = requireText(value, field, EXPECTED.phloId);
	if (UUID.test(text)) return text.toLowerCase();
	if (/^https?:\/\//i.test(text)) {
		let host = '';
		try {
			host = new URL(text).hostname.toLowerCase();
		} catch {
			// not a URL after all: reported below
		}
		const ids = text.match(UUID_ANYWHERE) ?? [];
		if ((host === 'plivo.com' || host.endsWith('.plivo.com')) && ids.length === 1) {
			return ids[0].toLowerCase();
		}
		if (ids.length > 1) {
			throw new ValidationError(
				field,
				`the URL ${showValue(text)} contains more than one ID, so which is the PHLO's is not known (By ID refuses two as well); paste the PHLO ID itself`,
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

const PLIVO_URL = new RegExp(PLIVO_URL_SOURCE);

/** The PHLO ID in a By URL value, read with the editor's own pattern (linear, length-capped). */
export function phloIdInConsoleUrl(value: unknown): string | undefined {
	return typeof value === 'string' ? PLIVO_URL.exec(value)?.[1] : undefined;
}

/**
 * The refusal of a By URL PHLO ID in which n8n's extractValue found no ID: why, as the by-hand
 * reading says it (too long, two IDs, not a Plivo host), else in general.
 */
export function noPhloIdInUrl(value: unknown, field: string): ValidationError {
	try {
		parsePhloId(value, field);
	} catch (error) {
		if (error instanceof ValidationError) return error;
	}
	return new ValidationError(
		field,
		`${showValue(value)} is not a Plivo console URL containing a PHLO ID`,
		EXPECTED.phloId,
	);
}

/** A phone number or SIP endpoint (to, trigger source, member address). */
export function requireAddress(value: unknown, field: string): string {
	const text = requireText(value, field, EXPECTED.address);
	if (PHONE.test(text) || (SIP_URI.test(text) && sipPortInRange(text))) return text;
	throw new ValidationError(
		field,
		`${showValue(text)} is not a phone number or SIP endpoint`,
		EXPECTED.address,
	);
}

/** A SIP URI's port, when it has one, is a TCP/UDP port: 65535 at most. */
function sipPortInRange(uri: string): boolean {
	const port = /:(\d+)$/.exec(uri.slice('sip:'.length))?.[1];
	return port === undefined || Number(port) <= 65535;
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

/**
 * One spelling per address, so +1415… and 1415… compare equal, and SIP URIs in any case, with or
 * without SIP's default port 5060 (sip:a@h:5060 is sip:a@h), or a port written with leading zeros.
 */
export function normalizeAddress(address: string): string {
	if (!address.startsWith('sip:')) return address.replace(/^\+/, '');
	return address.toLowerCase().replace(/:(\d+)$/, (_, port: string) => {
		const number = Number(port);
		return number === SIP_DEFAULT_PORT ? '' : `:${number}`;
	});
}

/** The Auth ID from the credential; it becomes part of the Run PHLO path. */
export function requireAuthId(value: unknown): string {
	const expected = 'the 20-character Auth ID from the Plivo console, starting with MA or SA';
	// The value is never shown: an Auth ID that fails this check is often the Auth Token, pasted
	// into the wrong field.
	if (typeof value !== 'string' || !AUTH_ID.test(value.trim())) {
		throw new ValidationError(
			'Auth ID (credential)',
			'is not a Plivo Auth ID (the value is not shown, in case it is the Auth Token in the wrong field)',
			expected,
		);
	}
	return value.trim();
}

/**
 * A member address as a path segment: '+', ':' and '@' stay literal as Plivo's SDKs send them;
 * everything else that could change the path is percent-encoded.
 */
export function encodeMemberAddress(address: string): string {
	return encodeURIComponent(address).replace(/%2B/g, '+').replace(/%3A/g, ':').replace(/%40/g, '@');
}
