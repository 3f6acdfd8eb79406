/**
 * The repository's own import graph: every relative import (static, dynamic, `export … from`,
 * `require`) of every TypeScript file under the given top-level folders, resolved to a file.
 * test/unit/importGraph.test.ts holds the rules the graph must keep.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const REPOSITORY = resolve(__dirname, '..');

/** from → the files it imports, all as paths relative to the repository ('nodes/x/y.ts'). */
export type ImportGraph = Map<string, string[]>;

const SPECIFIER =
	/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/gm;

function typeScriptFiles(folder: string): string[] {
	if (!existsSync(folder)) return [];
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : typeScriptFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
	});
}

/** The file an import specifier names, as Node's resolution with ts extensions finds it. */
function resolveImport(fromFile: string, specifier: string): string | undefined {
	const base = resolve(dirname(fromFile), specifier);
	const candidates = [base, `${base}.ts`, join(base, 'index.ts')];
	return candidates.find((path) => path.endsWith('.ts') && existsSync(path));
}

/** The relative imports of one source text (comments included: a commented import still reads as one). */
export function importSpecifiers(source: string): string[] {
	return [...source.matchAll(SPECIFIER)].map((match) => match[1]);
}

export function importGraph(folders: string[], root = REPOSITORY): ImportGraph {
	const graph: ImportGraph = new Map();
	for (const file of folders.flatMap((folder) => typeScriptFiles(join(root, folder)))) {
		const targets = importSpecifiers(readFileSync(file, 'utf8'))
			.map((specifier) => resolveImport(file, specifier))
			.filter((target): target is string => target !== undefined)
			.map((target) => relative(root, target));
		graph.set(relative(root, file), [...new Set(targets)]);
	}
	return graph;
}

/** Every import circle (strongly connected group of two or more files, or a file importing itself). */
export function importCircles(graph: ImportGraph): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const circles: string[][] = [];
	const visit = (file: string) => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const target of graph.get(file) ?? []) {
			if (!graph.has(target)) continue;
			if (!index.has(target)) {
				visit(target);
				low.set(file, Math.min(low.get(file)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(file, Math.min(low.get(file)!, index.get(target)!));
			}
		}
		if (low.get(file) !== index.get(file)) return;
		const group: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			group.push(member);
		} while (member !== file);
		if (group.length > 1 || graph.get(file)?.includes(file)) circles.push(group.sort());
	};
	for (const file of graph.keys()) if (!index.has(file)) visit(file);
	return circles;
}

/** Each import from a file under one of `from` into a file under one of `to`, as 'a.ts → b.ts'. */
export function importsAcross(graph: ImportGraph, from: string[], to: string[]): string[] {
	const under = (folders: string[], file: string) =>
		folders.some((folder) => file.startsWith(`${folder}/`));
	return [...graph].flatMap(([file, targets]) =>
		under(from, file)
			? targets.filter((target) => under(to, target)).map((target) => `${file} → ${target}`)
			: [],
	);
}
