/** Unit, engine and simulator tests. The end-to-end suite in test/e2e runs separately (npm run e2e). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Engine tests load dist/: rebuild it first when nodes/ or credentials/ changed since the build.
	globalSetup: '<rootDir>/test/globalSetup.ts',
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
	},
	testTimeout: 60000,
};
