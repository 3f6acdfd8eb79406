/** Debian's chromium for the editor checks, installed with apt when the machine lacks it. */
import { existsSync } from 'node:fs';

import { mustRun } from './processes';

export const CHROMIUM = '/usr/bin/chromium';

export async function ensureChromium(): Promise<string> {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	const asRoot = process.getuid?.() === 0;
	const sudo = (args: string[]): [string, string[]] =>
		asRoot ? [args[0], args.slice(1)] : ['sudo', ['-n', ...args]];
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const options = { env, timeoutMs: 15 * 60_000 };
	await mustRun(...sudo(['apt-get', 'update', '-q']), options);
	await mustRun(...sudo(['apt-get', 'install', '-y', '-q', 'chromium']), options);
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
	return CHROMIUM;
}
