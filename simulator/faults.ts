/**
 * Scripted faults: which requests a fault hits (by method, path, request number, every k-th or
 * at random with a seed) and what it does to them. `process` says whether "Plivo" acted on the
 * request before the fault, which is what the node's idempotency rules are about.
 */

export type FaultKind =
	| 'status' // an HTTP status with a Plivo-shaped body (and Retry-After for 429 if asked)
	| 'delay' // answer late (past the node's timeout)
	| 'reset' // drop the connection (before answering, or mid-response when processed)
	| 'html' // an HTML error page from a proxy
	| 'empty' // an empty body
	| 'truncated' // a JSON body cut off mid-way and the connection closed
	| 'malformed' // a complete body that is not JSON
	| 'noApiId' // a 2xx JSON body without api_id
	// What a hostile or broken server does (hostileResponses.ts):
	| 'redirect' // 3xx with a Location: the other host (127.0.0.2), itself (a loop), or a URL
	| 'drip' // headers at once, then the body one byte every `dripMs`
	| 'stall' // headers announcing a body, then silence: never finishes
	| 'oversized' // a JSON-looking body of `sizeBytes` (default 50 MB)
	| 'gzipBomb' // ~100 kB of gzip (Content-Encoding: gzip) inflating to `sizeBytes` (default 100 MB)
	| 'echoToken'; // an answer carrying the Auth Token (see `echoIn`, `escaped`)

export interface FaultMatch {
	method?: string;
	/** Exact path, or a RegExp on the path. */
	path?: string | RegExp;
	/** A RegExp source, for faults sent as JSON to the admin endpoint. */
	pathRegex?: string;
	/** Hit only the n-th matching request (1-based) counted from when the fault was added. */
	nth?: number;
	/** Hit every k-th matching request. */
	every?: number;
}

export interface FaultSpec {
	kind: FaultKind;
	match?: FaultMatch;
	/** Hit a matching request with this probability, from a seeded generator (repeatable). */
	probability?: number;
	seed?: number;
	/** How many requests the fault hits before it is spent (default 1; Infinity for always). */
	times?: number;
	status?: number;
	/** The body to answer with (an object is sent as JSON). */
	body?: string | object;
	/** Seconds, or 'date' for an HTTP date `retryAfterSeconds` from now. */
	retryAfter?: number | 'date';
	retryAfterSeconds?: number;
	delayMs?: number;
	/** redirect: 'otherHost' (default: the same path on 127.0.0.2), 'self' (a loop), or a URL. */
	location?: 'otherHost' | 'self' | string;
	/** drip: milliseconds between bytes (default 400). */
	dripMs?: number;
	/** oversized: body bytes (default 50 MB); gzipBomb: inflated bytes (default 100 MB). */
	sizeBytes?: number;
	/**
	 * echoToken: where the token goes. 'field' (default): a `note` field added to the 2xx answer
	 * (a Get's); 'message': appended to a Run's `message`; 'error': a 400's `error` text;
	 * 'straddle': a 400 whose token spans character `straddleAt` (default 500) of the body.
	 */
	echoIn?: 'field' | 'message' | 'error' | 'straddle';
	/** echoToken: write the token as JSON \u escapes (JSON.parse gives it back; a text search does not). */
	escaped?: boolean;
	straddleAt?: number;
	/** echoToken: the text to echo (default: the Auth Token the request signed in with). */
	token?: string;
	/** status: the reason phrase; 'echoAuthorization' sends back the request's Authorization header. */
	reason?: 'echoAuthorization' | string;
	/** Whether the request is acted on before the fault shows (defaults per kind: see PROCESSED_BY_DEFAULT). */
	process?: boolean;
}

/** The kinds whose request "Plivo" acts on before the fault shows, unless `process` says otherwise. */
const PROCESSED_BY_DEFAULT: Partial<Record<FaultKind, (spec: FaultSpec) => boolean>> = {
	status: (spec) => (spec.status ?? 500) >= 500,
	delay: () => true,
	truncated: () => true,
	drip: () => true,
	stall: () => true,
	echoToken: (spec) => (spec.echoIn ?? 'field') === 'field' || spec.echoIn === 'message',
};

/** mulberry32: small, fast, repeatable. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class Fault {
	private matched = 0;
	private hits = 0;
	private readonly random: () => number;
	private readonly path?: string | RegExp;

	constructor(readonly spec: FaultSpec) {
		this.random = seededRandom(spec.seed ?? 1);
		const { match = {} } = spec;
		this.path = match.pathRegex !== undefined ? new RegExp(match.pathRegex) : match.path;
	}

	get processes(): boolean {
		return this.spec.process ?? PROCESSED_BY_DEFAULT[this.spec.kind]?.(this.spec) ?? false;
	}

	get spent(): boolean {
		return this.hits >= (this.spec.times ?? 1);
	}

	private matches(method: string, path: string): boolean {
		const { match = {} } = this.spec;
		if (match.method && match.method.toUpperCase() !== method) return false;
		if (typeof this.path === 'string' && this.path !== path) return false;
		return !(this.path instanceof RegExp && !this.path.test(path));
	}

	/** Counts a matching request another fault took, so `nth` and `every` keep counting requests. */
	observe(method: string, path: string): void {
		if (!this.spent && this.matches(method, path)) this.matched++;
	}

	/** Whether this fault hits the request; counts a matching request either way. */
	hit(method: string, path: string): boolean {
		if (this.spent || !this.matches(method, path)) return false;
		const { match = {} } = this.spec;
		this.matched++;
		if (match.nth !== undefined && this.matched !== match.nth) return false;
		if (match.every !== undefined && this.matched % match.every !== 0) return false;
		if (this.spec.probability !== undefined && this.random() >= this.spec.probability) return false;
		this.hits++;
		return true;
	}
}
