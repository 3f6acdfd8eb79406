/**
 * Starts the PHLO simulator from the command line:
 *   npm run simulator -- [--port 8700] [--host 127.0.0.1] [--latency 50] [--rate-limit 50]
 *     [--rate-kind sliding|fixed|bucket] [--quiet]
 */
import { isLoopbackHost } from '../nodes/PlivoPhlo/transport/endpoints';
import { DEFAULT_ACCOUNT, DEMO, FAILING_PHLO, startSimulator } from './index';
import { RATE_LIMIT_KINDS, type RateLimitKind } from './rateLimiter';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
	const quiet = process.argv.includes('--quiet');
	const host = option('host') ?? '127.0.0.1';
	if (!isLoopbackHost(host.includes(':') ? `[${host}]` : host)) {
		throw new Error(`--host ${host}: the simulator only listens on a loopback address`);
	}
	const simulator = await startSimulator({
		host,
		port: Number(option('port') ?? 8700),
		latencyMs: Number(option('latency') ?? 0),
		log: quiet ? undefined : (line) => console.log(`${new Date().toISOString()}  ${line}`),
	});
	const rate = option('rate-limit');
	const kind = option('rate-kind') as RateLimitKind | undefined;
	if (kind && !RATE_LIMIT_KINDS.includes(kind))
		throw new Error(`--rate-kind ${kind}: one of ${RATE_LIMIT_KINDS.join(', ')}`);
	if (rate) simulator.setRateLimit({ perSecond: Number(rate), kind });
	console.log(`PHLO simulator listening on ${simulator.url}

  Credential (Plivo PHLO API): Environment "Custom", Base URL ${simulator.url}
    Auth ID     ${DEFAULT_ACCOUNT.authId}
    Auth Token  ${DEFAULT_ACCOUNT.authToken}   (a simulator-only token)
  PHLO "${DEMO.phloName}"  ${DEMO.phloId}
    Multi-Party Call node  ${DEMO.nodeId}
    on the call: customer ${DEMO.customer}, agent ${DEMO.agent}; specialist to bring in: ${DEMO.specialist}
  PHLO "${FAILING_PHLO.phloName}"  ${FAILING_PHLO.phloId}  (its runs stop with "output state: failed")

  Admin: GET ${simulator.url}/__sim/requests, /__sim/counts, /__sim/calls/<phloId>/<nodeId>; POST /__sim/reset
`);
	const stop = () => void simulator.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
	console.error(error.message);
	process.exit(1);
});
