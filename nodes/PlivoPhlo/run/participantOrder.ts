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

/**
 * Runs a chain's items one after the other; none starts once `stop()` is true. Once an item
 * fails (`work` resolves to its error), the chain's later items are not sent: each is handed to
 * `holdBack` with the item that failed, so no later action overtakes one that failed or may still
 * be in progress.
 */
export async function runChain<E>(
	chain: number[],
	work: (index: number) => Promise<E | undefined>,
	stop: () => boolean,
	holdBack: (index: number, failedIndex: number, error: E) => void,
): Promise<void> {
	for (const [position, index] of chain.entries()) {
		if (stop()) return;
		const error = await work(index);
		if (error === undefined) continue;
		for (const later of chain.slice(position + 1)) holdBack(later, index, error);
		return;
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
