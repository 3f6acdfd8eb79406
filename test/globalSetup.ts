/**
 * Before any test: rebuild dist/ when it is not the build of today's nodes/ and credentials/, so
 * engine tests (which load dist/) and unit tests (which load the sources) test the same code.
 */
import { join } from 'node:path';

import { ensureFreshBuild } from '../tooling/engine/freshBuild';

export default function globalSetup(): void {
	ensureFreshBuild(join(__dirname, '..'));
}
