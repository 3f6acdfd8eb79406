/** Small helpers for reading a request: its body, JSON that may not be JSON, a percent-encoded path. */
import type { IncomingMessage } from 'node:http';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		request.on('error', reject);
	});
}

export function parseJson(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Each path segment decoded (`%20` → space), or the path as sent when it does not decode. */
export function safeDecode(path: string): string {
	try {
		return path
			.split('/')
			.map((segment) => decodeURIComponent(segment))
			.join('/');
	} catch {
		return path;
	}
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A body given as text, or an object sent as JSON. */
export function bodyText<T extends string | object | undefined>(
	body: T,
): T extends undefined ? undefined : string;
export function bodyText(body: string | object | undefined): string | undefined {
	return body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
}
