/** The simulator's state: the PHLOs it knows, their Multi-Party Call nodes, and the calls on them. */
import { DEMO, FAILING_PHLO } from './accounts';
import { MultiPartyCall, type CallState, type MemberStatus, type Role } from './callState';

export interface PhloDefinition {
	phloId: string;
	name: string;
	/** Multi-Party Call nodes in the PHLO: node ID → name. */
	nodes?: Record<string, string>;
	/** The node a run's call starts on, when its payload names a `customer` and an `agent`. */
	mpcNodeId?: string;
	/** 'failed' makes every run answer with Plivo's "stopped … output state: failed" message. */
	runOutcome?: 'completed' | 'failed';
}

export interface SeededCall {
	phloId: string;
	nodeId: string;
	members: Array<{ address: string; role: Role; status?: MemberStatus }>;
}

export type Phlo = Required<Omit<PhloDefinition, 'mpcNodeId'>> & {
	mpcNodeId?: string;
	createdOn: string;
};

const plivoDate = () => new Date().toISOString().replace('T', ' ').replace('Z', '000+00:00');

export class PhloBook {
	private phlos = new Map<string, Phlo>();
	private calls = new Map<string, MultiPartyCall>();

	constructor(private readonly seeded: boolean) {
		this.reset();
	}

	phlo(phloId: string): Phlo | undefined {
		return this.phlos.get(phloId);
	}

	addPhlo(definition: PhloDefinition): void {
		this.phlos.set(definition.phloId, {
			phloId: definition.phloId,
			name: definition.name,
			nodes: definition.nodes ?? {},
			runOutcome: definition.runOutcome ?? 'completed',
			mpcNodeId: definition.mpcNodeId,
			createdOn: plivoDate(),
		});
	}

	/** Puts members on a call (connected unless a status is given), replacing any call on that node. */
	seedCall(call: SeededCall): void {
		const phlo = this.phlos.get(call.phloId);
		if (!phlo)
			this.addPhlo({
				phloId: call.phloId,
				name: 'Seeded PHLO',
				nodes: { [call.nodeId]: DEMO.nodeName },
			});
		else if (!phlo.nodes[call.nodeId])
			phlo.nodes[call.nodeId] = `Multi-Party Call_${Object.keys(phlo.nodes).length + 1}`;
		this.startCall(call);
	}

	/** A new call on a node with these members, replacing any call there. */
	startCall({ phloId, nodeId, members }: SeededCall): void {
		this.calls.set(`${phloId}/${nodeId}`, new MultiPartyCall(members));
	}

	getCall(phloId: string, nodeId: string): CallState {
		return (this.calls.get(`${phloId}/${nodeId}`) ?? new MultiPartyCall()).snapshot();
	}

	/** The live call on a node, started empty the first time it is acted on. */
	call(phloId: string, nodeId: string): MultiPartyCall {
		const key = `${phloId}/${nodeId}`;
		let call = this.calls.get(key);
		if (!call) this.calls.set(key, (call = new MultiPartyCall()));
		return call;
	}

	/** Back to the seeded PHLOs and the demo call (or nothing, unseeded). */
	reset(): void {
		this.phlos.clear();
		this.calls.clear();
		if (!this.seeded) return;
		this.addPhlo({
			phloId: DEMO.phloId,
			name: DEMO.phloName,
			nodes: { [DEMO.nodeId]: DEMO.nodeName },
			mpcNodeId: DEMO.nodeId,
		});
		this.addPhlo({
			phloId: FAILING_PHLO.phloId,
			name: FAILING_PHLO.phloName,
			nodes: { [FAILING_PHLO.nodeId]: 'Multi-Party Call_1' },
			runOutcome: 'failed',
		});
		this.seedCall({
			phloId: DEMO.phloId,
			nodeId: DEMO.nodeId,
			members: [
				{ address: DEMO.customer, role: 'customer' },
				{ address: DEMO.agent, role: 'agent' },
			],
		});
	}
}
