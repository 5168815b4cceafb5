/** Unit tests are pure and fast; integration tests start real agents, Redis, Alertmanager, sshd. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 30000,
  maxWorkers: 2,
};
