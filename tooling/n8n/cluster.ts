/**
 * n8n in queue mode as users run it when one process is not enough: a main process that takes
 * webhooks and puts executions on a Redis queue, and `n8n worker` processes that run them, all
 * sharing one PostgreSQL database, one encryption key and one user folder (so the community
 * package installed in its .n8n/nodes is there for every process).
 */
import { readLog, type N8nHome, type N8nServer } from './n8n';
import { startPostgres, startRedis } from './services';

export interface SharedServices {
	/** For every process and CLI command of the home: PostgreSQL as n8n's database. */
	database: NodeJS.ProcessEnv;
	/** For main and workers on top of that: queue mode on Redis. */
	queue: NodeJS.ProcessEnv;
}

/** Redis and PostgreSQL for one home, and the environment that points n8n at them. */
export async function startSharedServices(): Promise<SharedServices> {
	const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
	return {
		database: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: '',
			// A module that fetches from the internet at start-up; not needed here.
			N8N_DISABLED_MODULES: 'mcp-registry',
		},
		queue: {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Workers would otherwise open a health-check port each.
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		},
	};
}

export interface QueueCluster {
	main: N8nServer;
	workers: N8nServer[];
	/** How many executions each worker has started so far, from its log. */
	executionsPerWorker(): number[];
	stop(): Promise<void>;
}

const STARTED = /Worker started execution/g;

/** `n8n start` and `count` workers in queue mode, on a home whose settings point at PostgreSQL. */
export async function startQueueCluster(
	home: N8nHome,
	queue: NodeJS.ProcessEnv,
	count = 2,
): Promise<QueueCluster> {
	const main = await home.start(queue);
	try {
		const names = Array.from({ length: count }, (_, i) => `worker${i + 1}`);
		const workers = await Promise.all(names.map((name) => home.worker(name, queue)));
		const stop = async () => {
			await Promise.all(workers.map((worker) => worker.stop()));
			await main.stop();
		};
		const executionsPerWorker = () =>
			workers.map((worker) => readLog(worker.log).match(STARTED)?.length ?? 0);
		return { main, workers, executionsPerWorker, stop };
	} catch (error) {
		await main.stop();
		throw error;
	}
}
