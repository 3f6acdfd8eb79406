/** Who may sign in to the simulator, and the seeded PHLOs the demo, tests and suites drive. */

export interface Account {
	authId: string;
	authToken: string;
	name: string;
}

/** The account the demo, tests and end-to-end suite sign in with. Not a real Plivo credential. */
export const DEFAULT_ACCOUNT: Account = {
	authId: 'MA0123456789ABCDEF01',
	authToken: 'sim-token-7f3a9c2e5b1d4068',
	name: 'PHLO simulator',
};

/** The seeded support PHLO: a customer on a call with an agent, and a specialist to escalate to. */
export const DEMO = {
	phloId: 'b4b48fc2-f47a-4a93-97c3-749ed9a40fa8',
	nodeId: '5a1c9e2b-7d3f-4b6a-9c8e-1f2a3b4c5d6e',
	customer: '+14155550100',
	agent: '+14155550111',
	specialist: '+14155550122',
	phloName: 'Support escalation',
	nodeName: 'Multi-Party Call_1',
} as const;

/** A second seeded PHLO whose runs stop with Plivo's "output state: failed" message. */
export const FAILING_PHLO = {
	phloId: 'e3c8a7d1-2f4b-4e6a-8b9c-0d1e2f3a4b5c',
	nodeId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
	phloName: 'Failing reminder',
} as const;

/** The account a Basic `Authorization` header signs in as, if any. */
export function authenticate(header: string | undefined, accounts: Account[]): Account | undefined {
	const match = header?.match(/^Basic\s+(\S+)$/i);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const [authId, authToken] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
	return accounts.find((account) => account.authId === authId && account.authToken === authToken);
}
