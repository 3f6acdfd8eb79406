import { normalizeAddress } from '../helpers/validation';

/**
 * Requests acting on one participant of a call go out one at a time, in item order: on a live
 * call the order of actions is the meaning (transfer, then abort; hold, then unhold). Items are
 * grouped into chains; a chain runs its items one after the other, each once the previous one was
 * answered, while different chains run side by side. An item that acts on no one participant (Run
 * PHLO, Get) is a chain of its own, so bulk runs over many calls keep their concurrency.
 */

/** Chains of item indexes, each in item order, ordered by their first item. */
export function chainsByParticipant(
	indexes: number[],
	participantOf: (index: number) => string | undefined,
): number[][] {
	const chains: number[][] = [];
	const chainOf = new Map<string, number[]>();
	for (const index of indexes) {
		const participant = participantOf(index);
		const chain = participant === undefined ? undefined : chainOf.get(participant);
		if (chain) {
			chain.push(index);
			continue;
		}
		const fresh = [index];
		chains.push(fresh);
		if (participant !== undefined) chainOf.set(participant, fresh);
	}
	return chains;
}

/** Runs a chain's items one after the other; none starts once `stop()` is true. */
export async function runChain(
	chain: number[],
	work: (index: number) => Promise<void>,
	stop: () => boolean,
): Promise<void> {
	for (const index of chain) {
		if (stop()) return;
		await work(index);
	}
}

/**
 * Who a request acts on, within one Multi-Party Call node (its path names the PHLO and the node):
 * the agent who triggers a transfer or add member, or the member a member action is for.
 * Addresses are compared as the validation compares them (so +1415… and 1415… are one person).
 */
export function participantKey(
	callNodePath: string,
	role: 'agent' | 'member',
	address: string,
): string {
	return `${callNodePath} ${role} ${normalizeAddress(address)}`;
}
