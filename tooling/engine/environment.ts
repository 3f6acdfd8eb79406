/**
 * The process-wide pieces n8n's engine takes from its DI container and LoggerProxy, set up once
 * and quietly, so a plain test process can run workflows without an n8n instance.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Logger } from '@n8n/backend-common';
import { InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { LoggerProxy, type LogMetadata, type Logger as WorkflowLogger } from 'n8n-workflow';

type Level = keyof WorkflowLogger;

type LogListener = (level: Level, message: string, metadata?: LogMetadata) => void;
const logListeners = new Set<LogListener>();

/** Hears every line logged through n8n's Logger or LoggerProxy (e.g. to scan logs for secrets); returns a stop function. */
export function listenToLogs(listener: LogListener): () => void {
	logListeners.add(listener);
	return () => logListeners.delete(listener);
}

/** Logs to stderr when DEBUG_HARNESS is set, otherwise drops everything. */
function harnessLogger(verbose: boolean): WorkflowLogger & { scoped(): WorkflowLogger } {
	const write =
		(level: Level) =>
		(message: string, metadata?: LogMetadata): void => {
			for (const listener of logListeners) listener(level, message, metadata);
			if (!verbose) return;
			const extra = metadata && Object.keys(metadata).length > 0 ? ` ${safeJson(metadata)}` : '';
			process.stderr.write(`[harness ${level}] ${message}${extra}\n`);
		};
	const logger = {
		error: write('error'),
		warn: write('warn'),
		info: write('info'),
		debug: write('debug'),
		scoped: () => logger,
	};
	return logger;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value);
	} catch {
		return String(value);
	}
}

let ready = false;

const ENCRYPTION_KEY = 'harness-encryption-key';

/**
 * One n8n folder per user under the temp dir, its settings file written atomically up front so
 * that concurrent test processes only ever read it.
 */
function harnessN8nFolder(): string {
	const folder = join(tmpdir(), `n8n-harness-${process.getuid?.() ?? 'user'}`);
	const settingsFile = join(folder, 'config');
	if (!existsSync(settingsFile)) {
		mkdirSync(folder, { recursive: true });
		const partial = `${settingsFile}.${process.pid}.tmp`;
		writeFileSync(partial, JSON.stringify({ encryptionKey: ENCRYPTION_KEY }));
		renameSync(partial, settingsFile);
	}
	return folder;
}

/**
 * Registers, before anything asks the container for them:
 * - `Logger` (what `this.logger` in a node returns, and what n8n-core services log to) and
 *   LoggerProxy (what n8n-workflow logs to): silent unless DEBUG_HARNESS is set;
 * - `InstanceSettingsConfig` pointing at an n8n folder under the temp dir, so `InstanceSettings`
 *   (built for every node execution context) reads its settings file there and never creates
 *   ~/.n8n.
 * `OutboundHttp` (behind `httpRequestWithAuthentication`) needs nothing: the container builds it
 * from its decorated dependencies, with SSRF protection off as in a default n8n.
 */
export function ensureEnvironment(): void {
	if (ready) return;
	const logger = harnessLogger(Boolean(process.env.DEBUG_HARNESS));
	LoggerProxy.init(logger);
	Container.set(Logger, logger as unknown as Logger);

	const folder = harnessN8nFolder();
	const settings: InstanceSettingsConfig = Object.assign(new InstanceSettingsConfig(), {
		n8nFolder: folder,
		userHome: folder,
		encryptionKey: ENCRYPTION_KEY,
		enforceSettingsFilePermissions: false,
	});
	Container.set(InstanceSettingsConfig, settings);
	ready = true;
}
