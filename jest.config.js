// Native-ESM jest: TypeScript is compiled by swc, `import ... from './x.js'` is mapped back to the .ts file.
// Four projects (test/README.md says what goes where): `npm test -- --selectProjects unit` runs one.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'es6' },
      },
    ],
  },
  setupFiles: ['<rootDir>/test/support/quiet-logs.js'],
  // V8's code cache for the modules each worker compiles again for every test file (code-cache-runtime.js).
  runtime: '<rootDir>/test/support/code-cache-runtime.js',
};

/** Security files that run real task runners: e2e by what they need, though they live with the other findings. */
const securityWithRunners = ['test/security/peer-resource-hold.test.ts'];

const project = (name, folders, files = []) => ({
  ...shared,
  displayName: name,
  roots: ['<rootDir>/test'],
  testMatch: [
    ...folders.map((folder) => `<rootDir>/${folder}/**/*.test.ts`),
    ...files.map((file) => `<rootDir>/${file}`),
  ],
  testPathIgnorePatterns: ['/node_modules/', ...(name === 'e2e' ? [] : securityWithRunners)],
  // e2e: its sites launch runners from the runner's bundle (local/launcher/runner-bundle.ts), built
  // once, first. integration: its federations take one CA and site certificates made for the whole
  // run (test/support/test-tls.ts). One setup file starts both at once (global-setup.js).
  // (Both remove the certificates: a run of e2e files alone makes them too.)
  ...((name === 'e2e' || name === 'integration') && {
    globalSetup: '<rootDir>/test/support/global-setup.js',
    globalTeardown: '<rootDir>/test/support/remove-test-tls.js',
  }),
});

/** @type {import('jest').Config} */
export default {
  projects: [
    project('unit', ['test/unit']),
    project('integration', ['test/integration', 'test/security']),
    project('e2e', ['test/e2e'], securityWithRunners),
    project('infra', ['test/infra']),
  ],
  // Three workers on two cores (jest's default there is one): the e2e files spend much of their
  // time waiting on real processes, so more files beside them cost them little. On a clean clone of
  // one commit, on a quiet machine: 285 s of jest with three workers, 303 s with two.
  maxWorkers: 3,
  // Jest's 5 s is too tight for starting two sites on a loaded machine; files that wait on real
  // processes set their own, longer timeouts.
  testTimeout: 20_000,
  testSequencer: '<rootDir>/test/support/slow-first-sequencer.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // `npm run test:coverage` (the unit project with --coverage): the floor on the domain's coverage.
  coverageProvider: 'v8',
  collectCoverageFrom: ['<rootDir>/functions/domain/**/*.ts'],
  coverageReporters: ['text-summary'],
  // Just below what the unit project covers (statements 99.5 %, branches 95.0 %: v8's branch count
  // moves a little between runs, functions 98.7 %, lines 99.5 %): a change that leaves domain rules
  // untested fails it. Functions were 95.3–96.6 % from run to run while the error classes named
  // themselves in class fields, whose synthetic initializers V8 reported as called only sometimes
  // (functions/domain/errors.ts).
  coverageThreshold: {
    './functions/domain/': { statements: 98, branches: 94.5, functions: 98, lines: 98 },
  },
};
