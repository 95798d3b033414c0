import { fileURLToPath } from 'node:url';

/** The repository root: Lambda entries, `statemachines/`, `runner/Dockerfile` and the lock file are found from it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
