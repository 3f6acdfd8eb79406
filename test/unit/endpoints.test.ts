import fc from 'fast-check';
import { Expression } from 'n8n-workflow';

import { PlivoPhloApi } from '../../credentials/PlivoPhloApi.credentials';
import {
	customApiRoot,
	isLoopbackHost,
	resolveApiRoot,
	TEST_REQUEST_BASE_URL,
} from '../../nodes/PlivoPhlo/transport/endpoints';

/** The credential Test button's base URL, evaluated by n8n's own expression engine. */
function testButtonBaseUrl(baseUrl: string, environment = 'custom'): unknown {
	return Expression.resolveWithoutWorkflow(TEST_REQUEST_BASE_URL.slice(1), {
		$credentials: { environment, baseUrl },
	});
}

/** What the node makes of a Base URL: its API root, or undefined when it refuses it. */
function nodeRoot(baseUrl: string): string | undefined {
	try {
		return customApiRoot(baseUrl);
	} catch {
		return undefined;
	}
}

describe('where requests go', () => {
	it('uses Plivo for production', () => {
		expect(resolveApiRoot({ environment: 'production' })).toBe('https://phlorunner.plivo.com/v1');
		expect(testButtonBaseUrl('', 'production')).toBe('https://api.plivo.com/v1');
	});
	it('uses a custom root with /v1, on https or loopback http', () => {
		expect(resolveApiRoot({ environment: 'custom', baseUrl: 'http://127.0.0.1:8700/' })).toBe(
			'http://127.0.0.1:8700/v1',
		);
		expect(customApiRoot('https://phlo.example.com/base')).toBe('https://phlo.example.com/base/v1');
		expect(customApiRoot('http://localhost:1')).toBe('http://localhost:1/v1');
		expect(customApiRoot('http://[::1]:8700')).toBe('http://[::1]:8700/v1');
	});
	it.each([
		['http://10.0.0.5:8700', 'clear text'],
		['http://phlo.example.com', 'clear text'],
		['http://127.0.0.1.evil.com', 'clear text'],
		['http://localhost.evil.com', 'clear text'],
		['ftp://127.0.0.1', 'must start with https://'],
		['not a url', 'is not a URL'],
		['https://user:pw@phlo.example.com', 'without user info'],
		['https://phlo.example.com/?q=1', 'without user info, query or fragment'],
		// spellings URL parsers read as http://host, so the token would go in clear text
		['http:/phlo.example.com', 'written plainly'],
		['http:phlo.example.com', 'written plainly'],
		['http:\\\\phlo.example.com', 'written plainly'],
		['\x01http://phlo.example.com', 'written plainly'],
		['ht\ttp://phlo.example.com', 'written plainly'],
		['http://127.0.0.1\\@phlo.example.com', 'written plainly'],
	])('the node refuses %j, and the Test button never sends it', (baseUrl, problem) => {
		expect(() => customApiRoot(baseUrl)).toThrow(problem);
		expect(String(testButtonBaseUrl(baseUrl))).toMatch(/^refused:/);
	});

	it('fuzzed: the Test button goes where the node goes, and nowhere the node refuses', () => {
		const odd = fc.constantFrom('', '', '', '\t', '\n', '\x01', ' ', '\\', '/', '@', '%2F');
		const baseUrls = fc
			.tuple(
				odd,
				fc.constantFrom('http', 'https', 'HTTP', 'Https', 'ftp', 'ht\ttp'),
				fc.constantFrom('://', ':/', ':', ':\\\\', '://\\', ':///'),
				fc.constantFrom('', '', 'user@', 'user:pw@', '127.0.0.1@'),
				fc.constantFrom(
					'127.0.0.1',
					'127.9.9.9',
					'localhost',
					'[::1]',
					'evil.com',
					'10.0.0.1',
					'127.1',
				),
				fc.constantFrom('', '', ':8700', ':', ':99999'),
				fc.constantFrom('', '/', '/base/', '?q=1', '#f', '/a@b', '\\x'),
				odd,
			)
			.map((pieces) => pieces.join(''));
		fc.assert(
			fc.property(baseUrls, (baseUrl) => {
				const node = nodeRoot(baseUrl);
				const button = String(testButtonBaseUrl(baseUrl));
				if (node === undefined) {
					// Refused, or a text no URL parser accepts (the client then sends nothing either).
					expect(button.startsWith('refused:') || !URL.canParse(button)).toBe(true);
				} else {
					expect(new URL(button).href).toBe(new URL(node).href);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('the credential sends its Test request through that rule', () => {
		expect(new PlivoPhloApi().test.request.baseURL).toBe(TEST_REQUEST_BASE_URL);
	});

	it('loopback hosts are this machine only', () => {
		for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]']) {
			expect(isLoopbackHost(host)).toBe(true);
		}
		for (const host of ['10.0.0.1', '127.0.0.1.evil.com', 'localhost.evil.com', '::1x', '']) {
			expect(isLoopbackHost(host)).toBe(false);
		}
	});
});
