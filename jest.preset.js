// Shared Jest settings for every project. Specs run on the TypeScript sources of the
// libs (the `@reco/source` export condition), transpiled by swc with decorator metadata.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  testEnvironmentOptions: {
    customExportConditions: ['@reco/source', 'node', 'require', 'default'],
  },
  reporters: ['default', path.join(__dirname, 'tools/ci/jest-results-reporter.cjs')],
  testTimeout: 30_000,
  // A lib whose issue is not built yet has no specs; run-tests.cjs lists such projects.
  passWithNoTests: true,
};
