// The integration and e2e projects' global setup, started together. Jest runs each project's global
// setup one after the other before any test file starts, so the integration project's certificates
// (make-test-tls.js) and the e2e project's bundles (build-runner-bundle.js), each a child process of
// a second or more, would wait on each other while both cores sit mostly idle. The first call starts
// what every project of the run needs; each project's call awaits its own part.
import buildRunnerBundle from './build-runner-bundle.js';
import makeTestTls from './make-test-tls.js';

const SETUPS = { integration: makeTestTls, e2e: buildRunnerBundle };

/** @type {Map<string, Promise<void>> | undefined} */
let started;

export default async function globalSetup(globalConfig, projectConfig) {
  started ??= startSetups(globalConfig.selectProjects);
  await started.get(projectConfig.displayName.name);
}

/** Every setup of the selected projects (all when none were selected), each running from now. */
function startSetups(selectedProjects) {
  const setups = new Map();
  for (const [project, setup] of Object.entries(SETUPS)) {
    if (selectedProjects !== undefined && !selectedProjects.includes(project)) continue;
    const running = setup();
    // Awaited by its own project's call; a failure must not surface earlier as an unhandled rejection.
    running.catch(() => undefined);
    setups.set(project, running);
  }
  return setups;
}
