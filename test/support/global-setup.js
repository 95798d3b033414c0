// The integration and e2e projects' global setup, started together. The integration project needs
// one CA and its site certificates (make-test-tls.js), the e2e project the runner's bundles
// (build-runner-bundle.js): each a child process of a second or more, so both start at once rather
// than one after the other while both cores sit mostly idle.
//
// Jest calls a global setup module once per module path, not once per project: both projects name
// this file, so it is called once, with the config of whichever project's test the sequencer put
// first (the e2e project's, on a clean clone). That one call therefore awaits every setup the run's
// projects need; awaiting only the calling project's part let the other project's test files start
// before their certificates existed.
import buildRunnerBundle from './build-runner-bundle.js';
import makeTestTls from './make-test-tls.js';

const SETUPS = { integration: makeTestTls, e2e: buildRunnerBundle };

/** @type {Promise<void> | undefined} */
let started;

export default async function globalSetup(globalConfig) {
  started ??= runSetups(globalConfig.selectProjects);
  await started;
}

/** Every setup of the selected projects (all when none were selected), run at once. */
async function runSetups(selectedProjects) {
  const selected = Object.entries(SETUPS).filter(
    ([project]) => selectedProjects === undefined || selectedProjects.includes(project),
  );
  await Promise.all(selected.map(([, setup]) => setup()));
}
