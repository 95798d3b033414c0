// The integration project's global teardown: the run's certificates (make-test-tls.js) go with it.
export { removeTestTls as default } from './make-test-tls.js';
