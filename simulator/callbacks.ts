/**
 * Plivo's side of the trigger (plivo-events.md): a Multi-Party Call node given a status callback
 * URL sends a signed form callback when members join, leave, are held or taken off hold (a
 * transfer shows as the target joining and the others being held, or the agent leaving); a PHLO
 * given an HTTP Request step calls its URL with the call's variables and the author's auth, and
 * the answer is recorded. `fire` sends one event (or `count` at once) on demand.
 */
import { randomUUID } from 'node:crypto';

import { DEMO } from './accounts';
import { addressKey, type CallState } from './callState';
import { Deliveries, type Delivery, type DeliveryFault } from './delivery';
import {
	diff,
	memberFields,
	mpcFields,
	newMember,
	newWatch,
	PHLO_NUMBER,
	type StatusCallback,
	type Watch,
} from './memberEvents';
import type { Params, SigningKeys } from './signing';

export { PHLO_NUMBER, type StatusCallback };

/** A PHLO's HTTP Request component: where it calls, how, and with which auth. */
export interface PhloStep {
	phloId: string;
	url: string;
	method?: 'POST' | 'GET';
	via?: string;
	/** 'json' (default) or 'form' (x-www-form-urlencoded). */
	contentType?: 'json' | 'form';
	auth?:
		{ basic: { user: string; password: string } } | { header: { name: string; value: string } };
	timeoutMs?: number;
}

export interface FireRequest {
	/** A Multi-Party Call EventName (ParticipantJoin, ParticipantDigitInput, …) or 'phloStep'. */
	event: string;
	phloId?: string;
	nodeId?: string;
	/** Another URL than the registered one. */
	to?: string;
	/** Fields added to (or replacing) the event's own. */
	fields?: Params;
	fault?: DeliveryFault;
	delayMs?: number;
	/** How many to send at once (a storm); each is signed with its own nonce. */
	count?: number;
	/** Give up waiting for each answer after this long (default 15 s). */
	timeoutMs?: number;
}

type CallView = (phloId: string, nodeId: string) => CallState;

export class Callbacks {
	readonly deliveries = new Deliveries();
	private watches = new Map<string, Watch>();
	private steps = new Map<string, PhloStep>();

	constructor(
		private readonly keys: () => SigningKeys,
		private readonly callOf: CallView,
	) {}

	reset(): void {
		this.watches.clear();
		this.steps.clear();
		this.deliveries.reset();
	}

	/** Status callbacks for this node's call from now on: its members as they are now are known. */
	setStatusCallback(callback: StatusCallback): void {
		const watch = newWatch(callback);
		this.watches.set(`${callback.phloId}/${callback.nodeId}`, watch);
		diff(watch, this.callOf(callback.phloId, callback.nodeId), false);
	}

	setPhloStep(step: PhloStep): void {
		this.steps.set(step.phloId, step);
	}

	/** After Plivo acted on a request: a callback for each member whose state changed. */
	stateChanged(): Promise<unknown> {
		return Promise.all(
			[...this.watches.values()].map((watch) => {
				const { phloId, nodeId } = watch.callback;
				const events = diff(watch, this.callOf(phloId, nodeId));
				watch.queue = watch.queue.then(async () => {
					for (const fields of events) await this.sendCallback(watch, fields);
				});
				return watch.queue;
			}),
		);
	}

	/** Sends an event now (or `count` at once) and resolves with what was answered. */
	async fire(request: FireRequest): Promise<Delivery[]> {
		const count = Math.max(1, Math.min(request.count ?? 1, 5000));
		const one = () =>
			request.event === 'phloStep' ? this.sendStep(request) : this.sendEvent(request);
		return Promise.all(Array.from({ length: count }, one));
	}

	private blankWatch(phloId: string, nodeId: string): Watch {
		const watch = newWatch({ phloId, nodeId, url: '' });
		diff(watch, this.callOf(phloId, nodeId), false);
		return watch;
	}

	private watchFor(phloId: string, nodeId: string, to?: string): Watch {
		const watch = this.watches.get(`${phloId}/${nodeId}`);
		if (watch && !to) return watch;
		if (!to)
			throw new Error(`no status callback URL for ${phloId}/${nodeId}: set one or give "to"`);
		return {
			...(watch ?? this.blankWatch(phloId, nodeId)),
			callback: { ...watch?.callback, phloId, nodeId, url: to },
		};
	}

	/**
	 * A Multi-Party Call event about the call's customer (by default), e.g. digits they pressed;
	 * an MPC… event is about the whole call and names no member.
	 */
	private sendEvent(request: FireRequest): Promise<Delivery> {
		const { phloId = DEMO.phloId, nodeId = DEMO.nodeId } = request;
		const watch = this.watchFor(phloId, nodeId, request.to);
		if (/^MPC/.test(request.event))
			return this.sendCallback(
				watch,
				{ ...mpcFields(watch, request.event), ...request.fields },
				request,
			);
		const members = this.callOf(phloId, nodeId).members;
		const member = members.find((m) => m.role === 'customer') ??
			members[0] ?? { address: DEMO.customer, role: 'customer' as const };
		const known = watch.members.get(addressKey(member.address)) ?? newMember();
		const fields = { ...memberFields(watch, request.event, member, known), ...request.fields };
		return this.sendCallback(watch, fields, request);
	}

	private sendCallback(watch: Watch, form: Params, request: Partial<FireRequest> = {}) {
		const { url, method = 'POST', via, mainAuthToken } = watch.callback;
		const keys = { ...this.keys(), ...(mainAuthToken ? { mainAuthToken } : {}) };
		const event = String(form.EventName);
		const { fault, delayMs, timeoutMs } = request;
		return this.deliveries.send({
			kind: 'callback',
			event,
			url,
			method,
			via,
			form,
			keys,
			fault,
			delayMs,
			timeoutMs,
		});
	}

	/** The PHLO's HTTP Request step, with the call's variables as a PHLO fills them in. */
	private sendStep(request: FireRequest): Promise<Delivery> {
		const { phloId = DEMO.phloId, nodeId = DEMO.nodeId } = request;
		const step = this.steps.get(phloId);
		const url = request.to ?? step?.url;
		if (!url) throw new Error(`no HTTP Request step URL for PHLO ${phloId}: set one or give "to"`);
		const watch = this.watches.get(`${phloId}/${nodeId}`);
		const members = this.callOf(phloId, nodeId).members;
		const customer = members.find((m) => m.role === 'customer')?.address ?? DEMO.customer;
		const agent = members.find((m) => m.role === 'agent' && m.status !== 'left')?.address;
		const variables: Params = {
			from: customer,
			to: PHLO_NUMBER,
			call_uuid: watch?.members.get(addressKey(customer))?.callUuid ?? randomUUID(),
			conference_name: watch?.callback.mpcName ?? DEMO.nodeName,
			conference_uuid: watch?.mpcUuid ?? randomUUID(),
			...(agent ? { agent } : {}),
			...request.fields,
		};
		const headers: Record<string, string> = {};
		const auth = step?.auth;
		if (auth && 'basic' in auth)
			headers.Authorization = `Basic ${Buffer.from(`${auth.basic.user}:${auth.basic.password}`).toString('base64')}`;
		else if (auth && 'header' in auth) headers[auth.header.name] = auth.header.value;
		const method = step?.method ?? 'POST';
		const form = step?.contentType === 'form' || method === 'GET';
		return this.deliveries.send({
			kind: 'phloStep',
			event: 'phloStep',
			url,
			via: step?.via,
			method,
			...(form ? { form: variables } : { json: variables }),
			headers,
			fault: request.fault,
			delayMs: request.delayMs,
			timeoutMs: request.timeoutMs ?? step?.timeoutMs,
		});
	}
}
