/**
 * Node and credential types the harness runs: the built package's (loaded from dist/ with n8n's
 * own package loader, as n8n loads an installed community package), the `test.items` start node
 * and any types a test registers.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import {
	NodeHelpers,
	UnexpectedError,
	type ICredentialType,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

import { ensureEnvironment } from './environment';
import { staleBuild } from './freshBuild';
import { ITEMS_NODE_TYPE, ItemsTrigger } from './itemsTrigger';

/** Root of the package whose dist/ is loaded. */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

const nodeTypes = new Map<string, INodeType | IVersionedNodeType>();
const credentialTypes = new Map<string, ICredentialType>();
let distLoaded = false;

/** Registers a node type under a full type name, e.g. `test.echo` (replaces an earlier one). */
export function registerNodeType(type: string, instance: INodeType | IVersionedNodeType): void {
	nodeTypes.set(type, instance);
}

/** Registers a credential type under its `name` (replaces an earlier one). */
export function registerCredentialType(instance: ICredentialType): void {
	credentialTypes.set(instance.name, instance);
}

/** The credential type with this name; throws if unknown. */
export function getCredentialType(name: string): ICredentialType {
	loadNodeTypes();
	const type = credentialTypes.get(name);
	if (!type) {
		throw new UnexpectedError(
			`Unknown credential type "${name}" (known: ${[...credentialTypes.keys()].join(', ') || 'none'})`,
		);
	}
	return type;
}

function findFiles(dir: string, suffix: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith(suffix))
		.map((file) => join(dir, file))
		.sort();
}

/**
 * Loads every `dist/nodes/**\/*.node.js` and `dist/credentials/**\/*.credentials.js` through
 * n8n-core's `PackageDirectoryLoader` (class named after the file, codex, icons, description
 * validation), registering each node as `<package name>.<name>` and `CUSTOM.<name>`.
 */
function loadDist(): void {
	ensureEnvironment();
	const dist = join(PACKAGE_ROOT, 'dist');
	const nodeFiles = findFiles(join(dist, 'nodes'), '.node.js');
	const credentialFiles = findFiles(join(dist, 'credentials'), '.credentials.js');
	if (nodeFiles.length === 0 && credentialFiles.length === 0) return;
	const stale = staleBuild(PACKAGE_ROOT);
	if (stale) throw new UnexpectedError(`dist/ is stale (${stale}): run npm run build`);

	const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
	for (const file of nodeFiles) loader.loadNodeFromFile(file, loader.packageJson.version);
	for (const file of credentialFiles) loader.loadCredentialFromFile(file);

	for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
		registerNodeType(`${loader.packageName}.${name}`, type);
		registerNodeType(`CUSTOM.${name}`, type);
	}
	for (const { type } of Object.values(loader.credentialTypes)) registerCredentialType(type);
}

const harnessNodeTypes: INodeTypes = {
	getByName(type) {
		const nodeType = nodeTypes.get(type);
		if (!nodeType) {
			throw new UnexpectedError(
				`Unknown node type "${type}" (known: ${[...nodeTypes.keys()].join(', ')}). ` +
					'Is the package built (npm run build)?',
			);
		}
		return nodeType;
	},
	getByNameAndVersion(type, version) {
		return NodeHelpers.getVersionedNodeType(harnessNodeTypes.getByName(type), version);
	},
	getKnownTypes() {
		const known: IDataObject = {};
		for (const type of nodeTypes.keys()) known[type] = { className: type, sourcePath: '' };
		return known;
	},
};

/** The node types workflows run with; dist/ is loaded once per process (module registry). */
export function loadNodeTypes(): INodeTypes {
	if (!distLoaded) {
		distLoaded = true;
		if (!nodeTypes.has(ITEMS_NODE_TYPE)) registerNodeType(ITEMS_NODE_TYPE, new ItemsTrigger());
		loadDist();
	}
	return harnessNodeTypes;
}
