import type { RunnableComponent } from '../component.js';
import { Exchange } from './exchange.js';
import { PassThrough } from './pass-through.js';
import { Sleep } from './sleep.js';

/** The test components (`components/testing/`) paired with their code, for runners whose site opted in. */
export const testComponents: readonly RunnableComponent[] = [PassThrough, Sleep, Exchange];
