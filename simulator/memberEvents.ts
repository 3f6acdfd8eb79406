/**
 * Multi-Party Call status callback fields (plivo-events.md): what changed for each member of a
 * watched call since the last look, with the IDs Plivo would give (MPCUUID, MemberID, call UUIDs).
 */
import { randomUUID } from 'node:crypto';

import { DEMO } from './accounts';
import { addressKey, type CallState, type Member } from './callState';
import type { Params } from './signing';

/** Where a Multi-Party Call node's status callbacks go (PUT /__sim/status-callbacks). */
export interface StatusCallback {
	phloId: string;
	nodeId: string;
	url: string;
	method?: 'POST' | 'GET';
	/** Connect here instead of `url`'s host (n8n behind a proxy whose public URL is `url`). */
	via?: string;
	mpcName?: string;
	/** A subaccount's main account token: the callbacks also carry X-Plivo-Signature-Ma-V3. */
	mainAuthToken?: string;
}

/** The number the demo PHLO answers on (what a caller dialled; a PHLO step's `to`). */
export const PHLO_NUMBER = '+14155550199';

interface KnownMember {
	memberId: string;
	callUuid: string;
	status: Member['status'];
}

/** What the simulator knows of one Multi-Party Call beyond its members. */
export interface Watch {
	callback: StatusCallback;
	mpcUuid: string;
	members: Map<string, KnownMember>;
	sequence: number;
	/** Callbacks of one call go out one after the other, in the order the changes happened. */
	queue: Promise<unknown>;
}

let nextMemberId = 1000;

export const newMember = (): KnownMember => ({
	memberId: String(nextMemberId++),
	callUuid: randomUUID(),
	status: 'left',
});

export const newWatch = (callback: StatusCallback): Watch => ({
	callback,
	mpcUuid: randomUUID(),
	members: new Map(),
	sequence: 0,
	queue: Promise.resolve(),
});

const plivoTime = () => new Date().toISOString().replace('T', ' ').slice(0, 19);
const capitalized = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

function eventName(before: Member['status'], now: Member['status']): string | undefined {
	if (before === 'left') return now === 'left' ? undefined : 'ParticipantJoin';
	if (now === 'left') return 'ParticipantExit';
	if (before !== 'on_hold' && now === 'on_hold') return 'ParticipantHold';
	if (before === 'on_hold' && now !== 'on_hold') return 'ParticipantUnhold';
	return undefined;
}

/**
 * Each member's change since the last look, as callback fields in member order; the first look
 * (`announce` false) only learns who is there.
 */
export function diff(watch: Watch, call: CallState, announce = true): Params[] {
	const events: Params[] = [];
	for (const member of call.members) {
		const key = addressKey(member.address);
		let known = watch.members.get(key);
		const before = known?.status ?? 'left';
		// Someone who left and comes back is a new participant with new IDs.
		if (!known || (before === 'left' && member.status !== 'left'))
			watch.members.set(key, (known = newMember()));
		known.status = member.status;
		const name = eventName(before, member.status);
		if (name && announce) events.push(memberFields(watch, name, member, known));
	}
	return events;
}

export function memberFields(
	watch: Watch,
	event: string,
	member: Pick<Member, 'role'>,
	known: Pick<KnownMember, 'memberId' | 'callUuid'>,
): Params {
	// Plivo's documented parameters only: no From, To or member address (the item's are null).
	return {
		...mpcFields(watch, event),
		MemberID: known.memberId,
		ParticipantRole: capitalized(member.role),
		ParticipantCallUUID: known.callUuid,
		ParticipantCoachMode: 'false',
	};
}

/** An event about the whole call (MPCInitialized, MPCStart, MPCEnd): no member's fields. */
export function mpcFields(watch: Watch, event: string): Params {
	const ended: Params =
		event === 'MPCEnd'
			? { MPCDuration: '60', MPCBilledDuration: '60', MPCBilledAmount: '0.00500' }
			: {};
	return {
		EventName: event,
		EventTimestamp: plivoTime(),
		MPCUUID: watch.mpcUuid,
		MPCName: watch.callback.mpcName ?? DEMO.nodeName,
		...ended,
		SequenceNumber: String(++watch.sequence),
	};
}
