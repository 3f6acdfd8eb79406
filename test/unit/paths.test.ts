import fc from 'fast-check';

import { operationsByResource } from '../../nodes/PlivoPhlo/actions/operations';
import { ValidationError } from '../../nodes/PlivoPhlo/helpers/validation';
import { requestUrl } from '../../nodes/PlivoPhlo/transport';
import { parametersOf } from './fakeContext';

const PHLO = 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8';
const NODE = '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e';
const AUTH_ID = 'MA0123456789ABCDEF01';
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Every path the node may build, as Plivo documents them (under the API root /v1). */
const DOCUMENTED_PATHS = new RegExp(
	`^(/phlo/${UUID}(/multi_party_call/${UUID}(/members/[A-Za-z0-9+:@._~%-]+)?)?|/account/(MA|SA)[A-Z0-9]{18}/phlo/${UUID})$`,
);

/**
 * A refusal passes a run without checking a path, so each operation must also accept (and have
 * checked) at least this many of its 1500 runs: every field takes its valid value half the time,
 * so even the five-field operations get about 1500 / 2^5 ≈ 47 valid runs (measured 55 to 850).
 */
const ACCEPTED_FLOOR = 20;

const pathChars = '/?#.%\\ \t\n+:@-_~abcxyz0123456789'.split('');
const hostile = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 60 }),
	fc.string({ unit: fc.constantFrom(...pathChars), maxLength: 40 }),
	fc
		.tuple(
			fc.constantFrom('', ' ', '../', '%2e%2e/', '/'),
			fc.constantFrom(PHLO, NODE),
			fc.constantFrom('', '/x', '?q', '#f', '/..', ' '),
		)
		.map((p) => p.join('')),
	fc
		.tuple(
			fc.string({ unit: fc.constantFrom(...pathChars), maxLength: 12 }),
			fc.string({ unit: fc.constantFrom(...pathChars), maxLength: 12 }),
		)
		.map(([user, host]) => `sip:${user}@${host}`),
	fc
		.string({ unit: fc.constantFrom(...pathChars), minLength: 1, maxLength: 12 })
		.map((user) => `sip:${user}@phone.plivo.com`),
	fc
		.tuple(
			fc.constantFrom('+', ''),
			fc.stringMatching(/^[0-9]{6,15}$/),
			fc.constantFrom('', '/', '?', '#', '%2F', ' '),
		)
		.map((p) => p.join('')),
	fc.constantFrom(
		`https://console.plivo.com/phlo/edit/${PHLO}`,
		`https://console.plivo.com/../${PHLO}/..`,
	),
	fc.anything(),
);

const operations = Object.entries(operationsByResource).flatMap(([resource, byName]) =>
	Object.entries(byName).map(([operation, prepare]) => ({ resource, operation, prepare })),
);

describe('fuzzed: every operation builds only documented paths', () => {
	it.each(operations.map((o) => [`${o.resource}.${o.operation}`, o]))(
		'%s',
		(_name, { prepare }) => {
			let accepted = 0;
			fc.assert(
				fc.property(
					fc.record({
						phloId: fc.oneof(fc.constant(PHLO), hostile),
						nodeId: fc.oneof(fc.constant(NODE), hostile),
						to: fc.oneof(fc.constant('+14155550122'), hostile),
						triggerSource: fc.oneof(fc.constant('+14155550111'), hostile),
						memberAddress: fc.oneof(fc.constant('sip:agent@phone.plivo.com'), hostile),
						role: fc.oneof(fc.constant('agent'), hostile),
					}),
					(values) => {
						let path: string;
						try {
							const { request } = prepare(parametersOf({ ...values, payloadType: 'none' }), 0);
							path = requestUrl({ apiRoot: '', authId: AUTH_ID }, request);
						} catch (error) {
							if (error instanceof ValidationError) return;
							throw error;
						}
						expect(path).toMatch(DOCUMENTED_PATHS);
						const url = new URL(`https://phlorunner.plivo.com/v1${path}`);
						expect(url.pathname).toBe(`/v1${path}`);
						expect(url.search + url.hash).toBe('');
						accepted += 1;
					},
				),
				{ numRuns: 1500 },
			);
			expect(accepted).toBeGreaterThanOrEqual(ACCEPTED_FLOOR);
		},
	);
});
