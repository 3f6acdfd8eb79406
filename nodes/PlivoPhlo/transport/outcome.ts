/**
 * What a failed request left behind, as the run's reliability rules need to know it: whether
 * Plivo may have acted on it (never send it again in this execution; report it as unknown),
 * whether no request went out at all (report it as not sent), and whether the item failed only
 * because the run stopped on another one. Kept beside the error objects, not in their text, so no
 * wording change can break the rules.
 */
const outcomeUnknown = new WeakSet<Error>();
const notSent = new WeakSet<Error>();
const heldBack = new WeakSet<Error>();

/** Marks an error after which Plivo may or may not have acted (a fault mid-request). */
export function markOutcomeUnknown<E extends Error>(error: E): E {
	outcomeUnknown.add(error);
	return error;
}

export function isOutcomeUnknown(error: unknown): boolean {
	return error instanceof Error && outcomeUnknown.has(error);
}

/** Marks an error raised before the request (or any try of it that Plivo could act on) went out. */
export function markNotSent<E extends Error>(error: E): E {
	notSent.add(error);
	return error;
}

export function isNotSent(error: unknown): boolean {
	return error instanceof Error && notSent.has(error);
}

/** Marks an item's error raised only because the run stopped on another item. */
export function markHeldBack<E extends Error>(error: E): E {
	heldBack.add(error);
	return error;
}

export function isHeldBack(error: unknown): boolean {
	return error instanceof Error && heldBack.has(error);
}
