/**
 * What the node itself answers: a refusal, an event it was not asked for, and the bounded answer
 * to a PHLO when the workflow is late. Written with Node's own response methods only.
 */
import { sleep } from '../PlivoPhlo/n8nBehaviour';

/**
 * Why 10 s: Plivo documents no timeout for a PHLO's HTTP Request component, and the caller hears
 * silence while it waits. 10 s leaves a workflow time for a lookup and an API call or two, and
 * ends the wait well before a caller gives up; the answer says so, and the PHLO can branch on it.
 */
export const DEFAULT_ANSWER_TIMEOUT_S = 10;

/** What the node uses of n8n's response object (an express response on Node's own). */
export interface Response {
	readonly headersSent: boolean;
	readonly writableEnded: boolean;
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(text: string): unknown;
	once(event: 'close' | 'finish', listener: () => void): unknown;
}

export function answerJson(res: Response, status: number, body: object): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

/** Every refusal alike: which check failed is not told. */
export function refuse(res: Response): void {
	answerJson(res, 401, { message: 'Authorization failed' });
}

/**
 * Answers 504 `{"answered":false}` if no answer went out within `seconds`, so that a late workflow
 * does not hold the PHLO's request (and the caller) open. The workflow goes on; its late answer is
 * dropped: after the 504 the response ignores further writes, which n8n would otherwise report as
 * "headers already sent".
 */
export function answerWithin(res: Response, seconds: number): void {
	const answered = new AbortController();
	res.once('close', () => answered.abort());
	res.once('finish', () => answered.abort());
	sleep(seconds * 1000, answered.signal).then(
		() => {
			if (res.headersSent || res.writableEnded) return;
			answerJson(res, 504, { answered: false });
			ignoreLaterWrites(res);
		},
		// Aborted: the answer went out (or the caller left) in time; nothing to do.
		() => undefined,
	);
}

function ignoreLaterWrites(res: Response): void {
	const target = res as unknown as Record<string, unknown>;
	const self = () => res;
	for (const method of [
		'writeHead',
		'setHeader',
		'removeHeader',
		'end',
		'status',
		'set',
		'header',
	]) {
		target[method] = self;
	}
	target.write = () => true;
}
