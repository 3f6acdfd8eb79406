/**
 * The n8n lines the suite runs against. The README's Compatibility section states this range.
 * node: a major version installed from the registry into the cache, or 'system' (this machine's).
 */
export interface N8nLine {
	version: string;
	node: string;
}

export const CURRENT: N8nLine = { version: '2.41.1', node: '24' };
export const OLDEST: N8nLine = { version: '2.0.3', node: 'system' };
