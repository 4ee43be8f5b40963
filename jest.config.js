/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Sources import './x.js' (Node ESM-style specifiers); Jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Integration suites start child processes and containers; two workers match the CI machine.
  maxWorkers: 2,
  testTimeout: 30_000,
  // The last line of a run says which suites were skipped for missing prerequisites.
  reporters: ['default', '<rootDir>/test/support/skip-summary.js'],
};
