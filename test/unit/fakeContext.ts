import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * A stand-in for one item's parameters, for unit tests of a single prepare function. The node as
 * a whole is tested through n8n's real engine in test/engine.
 */
export function parametersOf(values: Record<string, unknown>): IExecuteFunctions {
	return {
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => {
			if (name.includes('.')) {
				const [head, tail] = name.split('.');
				const parent = values[head] as Record<string, unknown> | undefined;
				return parent?.[tail] ?? fallback;
			}
			return name in values ? values[name] : fallback;
		},
	} as unknown as IExecuteFunctions;
}
