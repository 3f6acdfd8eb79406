/**
 * The multi-party call state model: who is in a call, with which role, who can hear whom, and
 * the transfer in progress. Each action either changes the state the way Plivo describes it or
 * is refused with the text a 400 answer carries. Plivo documents no state rules; these are the
 * obvious ones (phlo-api.md, "What each action means").
 */

export type Role = 'agent' | 'customer';
/** connected: in the conference; on_hold: hears hold music; private: talking privately during a warm transfer; left: gone. */
export type MemberStatus = 'connected' | 'on_hold' | 'private' | 'left';

export interface Member {
	address: string;
	role: Role;
	status: MemberStatus;
	/** Set when an agent dropped a voicemail for this member. */
	voicemail?: boolean;
}

export interface Transfer {
	/** The agent who started the warm transfer. */
	by: string;
	/** The member being brought in. */
	target: string;
	/** Members put on hold by the transfer, taken off hold when it ends. */
	held: string[];
}

export interface CallState {
	members: Member[];
	transfer: Transfer | null;
	history: string[];
}

export const DIAL_ACTIONS = ['call', 'warm_transfer', 'cold_transfer'] as const;
export const MEMBER_ACTIONS = [
	'hold',
	'unhold',
	'hangup',
	'resume_call',
	'abort_transfer',
	'voicemail_drop',
] as const;
export type DialAction = (typeof DIAL_ACTIONS)[number];
export type MemberAction = (typeof MEMBER_ACTIONS)[number];

/** An action that makes no sense in the call's current state; its message is the 400's `error`. */
export class StateError extends Error {}

/** An address as Plivo compares it: a phone number without its leading `+`, a SIP URI as is. */
export function addressKey(address: string): string {
	return /^\+?\d+$/.test(address) ? address.replace(/^\+/, '') : address;
}

/** Phone numbers match with or without the leading `+`, as Plivo accepts both. */
export function sameAddress(a: string, b: string): boolean {
	return addressKey(a) === addressKey(b);
}

export class MultiPartyCall implements CallState {
	members: Member[] = [];
	transfer: Transfer | null = null;
	history: string[] = [];

	constructor(members: Array<{ address: string; role: Role; status?: MemberStatus }> = []) {
		for (const member of members) {
			this.members.push({
				address: member.address,
				role: member.role,
				status: member.status ?? 'connected',
			});
		}
	}

	snapshot(): CallState {
		return structuredClone({
			members: this.members,
			transfer: this.transfer,
			history: this.history,
		});
	}

	find(address: string): Member | undefined {
		return this.members.find(
			(member) => member.status !== 'left' && sameAddress(member.address, address),
		);
	}

	private inCall(address: string, field: string): Member {
		const member = this.find(address);
		if (!member) throw new StateError(`${field} ${address} is not a member of this call.`);
		return member;
	}

	private join(address: string, role: Role, status: MemberStatus): void {
		const gone = this.members.find((member) => sameAddress(member.address, address));
		if (gone) Object.assign(gone, { role, status, voicemail: undefined });
		else this.members.push({ address, role, status });
	}

	dial(action: DialAction, to: string, role: Role, triggerSource: string): void {
		const agent = this.inCall(triggerSource, 'trigger_source');
		if (this.find(to)) throw new StateError(`${to} is already a member of this call.`);
		if (action !== 'call' && this.transfer) {
			throw new StateError('A transfer is already in progress on this call.');
		}
		if (agent.status !== 'connected') {
			throw new StateError(
				`trigger_source ${triggerSource} is ${agent.status.replace('_', ' ')} and cannot ${action === 'call' ? 'add a member' : 'transfer'}.`,
			);
		}
		if (action === 'call') {
			this.join(to, role, 'connected');
		} else if (action === 'cold_transfer') {
			this.join(to, role, 'connected');
			agent.status = 'left';
		} else {
			const held = this.members.filter(
				(member) => member !== agent && member.status === 'connected',
			);
			for (const member of held) member.status = 'on_hold';
			agent.status = 'private';
			this.join(to, role, 'private');
			this.transfer = { by: agent.address, target: to, held: held.map((member) => member.address) };
		}
		this.history.push(`${action} to ${to} (${role}) by ${triggerSource}`);
	}

	act(action: MemberAction, address: string): void {
		const member = this.inCall(address, 'Member');
		const transfer = this.transfer;
		const isTransferAgent = transfer !== null && sameAddress(transfer.by, member.address);
		switch (action) {
			case 'hold':
				if (member.status === 'on_hold')
					throw new StateError(`Member ${address} is already on hold.`);
				if (member.status === 'private') {
					throw new StateError(
						`Member ${address} is talking privately during a transfer and cannot be put on hold.`,
					);
				}
				member.status = 'on_hold';
				break;
			case 'unhold':
				if (member.status !== 'on_hold') throw new StateError(`Member ${address} is not on hold.`);
				if (transfer?.held.some((held) => sameAddress(held, member.address))) {
					throw new StateError(
						`Member ${address} is on hold for a transfer in progress; resume or abort the transfer instead.`,
					);
				}
				member.status = 'connected';
				break;
			case 'hangup':
				member.status = 'left';
				if (transfer && isTransferAgent) {
					// The agent leaving a warm transfer hands the call over to the target.
					this.endTransfer('connected');
				} else if (transfer && sameAddress(transfer.target, member.address)) {
					// The target hanging up cancels the transfer.
					this.endTransfer('left');
				}
				break;
			case 'abort_transfer':
				this.requireTransferAgent(isTransferAgent, address, 'abort');
				this.endTransfer('left');
				break;
			case 'resume_call':
				this.requireTransferAgent(isTransferAgent, address, 'resume');
				this.endTransfer('connected');
				break;
			case 'voicemail_drop':
				member.status = 'left';
				member.voicemail = true;
				break;
		}
		this.history.push(`${action} ${address}`);
	}

	private requireTransferAgent(isTransferAgent: boolean, address: string, verb: string): void {
		if (!this.transfer)
			throw new StateError(`No transfer is in progress on this call; nothing to ${verb}.`);
		if (!isTransferAgent) {
			throw new StateError(
				`Member ${address} did not start the transfer in progress; only ${this.transfer.by} can ${verb} it.`,
			);
		}
	}

	/** Ends the transfer: everyone it held comes back, the agent too if present; the target joins or leaves. */
	private endTransfer(target: 'connected' | 'left'): void {
		const transfer = this.transfer!;
		for (const member of this.members) {
			if (member.status === 'left') continue;
			if (sameAddress(member.address, transfer.target)) member.status = target;
			else if (
				sameAddress(member.address, transfer.by) ||
				transfer.held.some((held) => sameAddress(held, member.address))
			) {
				member.status = 'connected';
			}
		}
		this.transfer = null;
	}
}
