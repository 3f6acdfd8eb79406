/** Every operation's item preparation, by resource and operation name. */
import * as member from './member';
import * as multiPartyCall from './multiPartyCall';
import * as phlo from './phlo';
import type { PrepareItem } from './types';

export const operationsByResource = {
	member: member.operations,
	multiPartyCall: multiPartyCall.operations,
	phlo: phlo.operations,
};

export type Resource = keyof typeof operationsByResource;

/**
 * The preparation for a resource and operation as saved in a workflow. Own names only: a value
 * such as "constructor" or "toString" from imported JSON is simply not known.
 */
export function findOperation(resource: unknown, operation: unknown): PrepareItem | undefined {
	if (typeof resource !== 'string' || typeof operation !== 'string') return undefined;
	if (!Object.hasOwn(operationsByResource, resource)) return undefined;
	const operations: Record<string, PrepareItem> = operationsByResource[resource as Resource];
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}
