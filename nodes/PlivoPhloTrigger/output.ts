/**
 * The item a request becomes: Plivo's fields under the names the Plivo PHLO node uses (callUuid,
 * memberAddress, …), times as ISO strings, and the raw body, query and headers without any secret.
 */
import type { IDataObject } from 'n8n-workflow';

import { eventOf, type FieldReader } from './events';

/** Headers that carry a secret or a signature; the header-auth header is added to these. */
const SECRET_HEADERS = [
	'authorization',
	'proxy-authorization',
	'cookie',
	'x-plivo-signature-v2',
	'x-plivo-signature-v3',
	'x-plivo-signature-ma-v3',
];

/** A reader over the body's and the query's fields (body first), names matched in any case. */
export function fieldReader(body: IDataObject, query: IDataObject): FieldReader {
	const fields = new Map<string, string>();
	for (const source of [query, body]) {
		for (const [key, value] of Object.entries(source)) {
			const first = Array.isArray(value) ? value[0] : value;
			if (typeof first === 'string' || typeof first === 'number' || typeof first === 'boolean') {
				const text = String(first).trim();
				if (text !== '') fields.set(key.toLowerCase(), text);
			}
		}
	}
	return (...names) => {
		for (const name of names) {
			const value = fields.get(name.toLowerCase());
			if (value !== undefined) return value;
		}
		return undefined;
	};
}

/**
 * A Plivo time as ISO 8601: "2026-12-06 17:05:51" (Plivo's form, UTC), an ISO string, or Unix
 * seconds or milliseconds. Null when absent or unreadable.
 */
export function isoTime(value: string | undefined): string | null {
	if (value === undefined) return null;
	let date: Date;
	if (/^\d+(\.\d+)?$/.test(value)) {
		const number = Number(value);
		date = new Date(number < 1e11 ? number * 1000 : number);
	} else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)) {
		date = new Date(`${value.replace(' ', 'T')}Z`);
	} else {
		date = new Date(value);
	}
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export interface ReceivedRequest {
	method: string;
	body: IDataObject;
	query: IDataObject;
	headers: Record<string, string | string[] | undefined>;
	receivedAt: Date;
	/** The header-auth header's name, dropped from the output with the other secrets. */
	secretHeader?: string;
}

/** Headers without the secret ones. */
export function publicHeaders(request: ReceivedRequest): IDataObject {
	const secret = new Set(SECRET_HEADERS);
	if (request.secretHeader) secret.add(request.secretHeader.toLowerCase());
	const kept: IDataObject = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined && !secret.has(name.toLowerCase())) kept[name] = value;
	}
	return kept;
}

/** The output item's JSON for a request. */
export function outputOf(request: ReceivedRequest): IDataObject {
	const field = fieldReader(request.body, request.query);
	const { event, eventName } = eventOf(field);
	const direction = field('Direction', 'direction');
	const from = field('From', 'from');
	const to = field('To', 'to');
	// The member a later Plivo PHLO node acts on: named, or else the far end of the call.
	const memberAddress =
		field('MemberAddress', 'member_address', 'ParticipantAddress') ??
		(direction?.toLowerCase() === 'outbound' ? to : from);
	return {
		event,
		eventName: eventName ?? null,
		callUuid: field('CallUUID', 'ParticipantCallUUID', 'call_uuid', 'callUuid') ?? null,
		from: from ?? null,
		to: to ?? null,
		direction: direction ?? null,
		memberAddress: memberAddress ?? null,
		memberId: field('MemberID', 'member_id', 'memberId') ?? null,
		participantRole: field('ParticipantRole', 'role') ?? null,
		// MPCFriendlyName: what a Multi-Party Call's onExitActionUrl callback calls it.
		mpcName: field('MPCName', 'MPCFriendlyName', 'conference_name', 'mpc_name') ?? null,
		mpcUuid: field('MPCUUID', 'conference_uuid', 'mpc_uuid') ?? null,
		callStatus: field('CallStatus', 'call_status') ?? null,
		digits: field('Digits', 'digits', 'DigitInput') ?? null,
		hangupCause: field('HangupCause', 'hangup_cause') ?? null,
		eventTime: isoTime(
			field(
				'EventTimestamp',
				'event_timestamp',
				'EndTime',
				'ParticipantEndTime',
				'AnswerTime',
				'StartTime',
			),
		),
		receivedAt: request.receivedAt.toISOString(),
		method: request.method,
		body: request.body,
		query: request.query,
		headers: publicHeaders(request),
	};
}
