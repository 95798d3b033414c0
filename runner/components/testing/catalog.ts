import type { ComponentLoader } from '../component.js';

/**
 * The test components (`components/testing/`) with their code, imported when a task runs one, for
 * runners whose site opted in.
 */
export const testComponents: readonly ComponentLoader[] = [
  { module: 'PassThrough', load: async () => (await import('./pass-through.js')).PassThrough },
  { module: 'Sleep', load: async () => (await import('./sleep.js')).Sleep },
  { module: 'Exchange', load: async () => (await import('./exchange.js')).Exchange },
];
