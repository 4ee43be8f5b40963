/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Integration suites start child processes and containers; two workers match the CI machine.
  maxWorkers: 2,
  testTimeout: 30_000,
};
