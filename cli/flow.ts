import { expandFateFlags } from './commands/fate-flags.js';
import { buildProgram } from './program.js';

// FATE's `-cpn` is several letters after one dash, which commander cannot declare: see expandFateFlags.
const argv = expandFateFlags(process.argv);
await buildProgram().parseAsync(argv);
