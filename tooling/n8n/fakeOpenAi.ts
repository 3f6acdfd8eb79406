/**
 * A stand-in for OpenAI's Chat Completions endpoint on a loopback port, so the AI-agent example
 * runs in the suite without a network or a key. Its "model" is a rule: on a user request it calls
 * the one tool whose name matches the request's verb (hold, transfer, hang up) with the first
 * phone number in the request for every argument; once a tool has answered, it replies with a
 * sentence quoting that answer. It answers in the plain (not streamed) form, which is what n8n's
 * agent asks for outside a streaming chat trigger.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Message {
	role: string;
	content?: string | Array<{ type: string; text?: string }> | null;
}
interface Tool {
	type: string;
	function: { name: string; parameters?: { properties?: Record<string, unknown> } };
}
interface ChatRequest {
	model?: string;
	messages: Message[];
	tools?: Tool[];
	stream?: boolean;
}

const VERBS: Array<[RegExp, RegExp]> = [
	[/hang\s*up/i, /hang/i],
	[/transfer/i, /transfer/i],
	[/\bhold\b/i, /^hold/i],
];

const text = (message: Message) =>
	typeof message.content === 'string'
		? message.content
		: (message.content ?? []).map((part) => part.text ?? '').join('');

/** What the rule answers: a tool call, or the final sentence. */
function decide(request: ChatRequest): {
	toolCall?: { name: string; arguments: string };
	content?: string;
} {
	const lastUser = request.messages.map((m) => m.role).lastIndexOf('user');
	const toolAnswer = request.messages.slice(lastUser + 1).find((m) => m.role === 'tool');
	if (toolAnswer) return { content: `Done. The call-control tool answered: ${text(toolAnswer)}` };
	const ask = text(request.messages[lastUser] ?? { role: 'user', content: '' });
	const number = ask.match(/\+\d{8,15}|sip:[^\s,.]+(?:\.[^\s,.]+)*/)?.[0];
	const wanted = VERBS.find(([verb]) => verb.test(ask))?.[1];
	const tool =
		wanted && request.tools?.find((t) => wanted.test(t.function.name.replace(/_/g, ' ')));
	if (!tool || !number)
		return { content: 'I did nothing: I could not tell which action or caller you meant.' };
	const args = Object.fromEntries(
		Object.keys(tool.function.parameters?.properties ?? {}).map((key) => [key, number]),
	);
	return { toolCall: { name: tool.function.name, arguments: JSON.stringify(args) } };
}

export interface FakeOpenAi {
	/** The base URL to put in n8n's OpenAI credential (ends in /v1). */
	url: string;
	/** Every chat request received, for checks. */
	requests: ChatRequest[];
	close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
	const requests: ChatRequest[] = [];
	let counter = 0;
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
				return;
			}
			const request = JSON.parse(raw) as ChatRequest;
			requests.push(request);
			const { toolCall, content } = decide(request);
			const id = `chatcmpl-fake-${++counter}`;
			const created = Math.floor(Date.now() / 1000);
			const model = request.model ?? 'gpt-4o-mini';
			const toolCalls = toolCall
				? [{ id: `call_${counter}`, type: 'function', function: toolCall }]
				: undefined;
			const finish = toolCall ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (request.stream) {
				// n8n's agent asks for a stream only under a streaming chat trigger; say so loudly.
				res.writeHead(400, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: 'the stand-in OpenAI does not stream' } }));
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					id,
					object: 'chat.completion',
					created,
					model,
					choices: [
						{
							index: 0,
							message: { role: 'assistant', content: content ?? null, tool_calls: toolCalls },
							finish_reason: finish,
						},
					],
					usage,
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}
