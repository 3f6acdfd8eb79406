// Copies what tsc does not emit (icons, the codex .node.json) next to the compiled node and credential files.
const { src, dest, task, watch } = require('gulp');

const SOURCES = ['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'];

function copyIcons() {
	return src(SOURCES, {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', copyIcons);
// npm run dev: copy once, then again whenever one of them changes.
task('watch:icons', () => watch(SOURCES, { ignoreInitial: false }, copyIcons));
