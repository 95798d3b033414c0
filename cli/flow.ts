import { expandFateFlags } from './commands/fate-flags.js';
import { exitQuietlyOnBrokenPipe } from './output.js';
import { buildProgram } from './program.js';

exitQuietlyOnBrokenPipe(process.stdout);
// FATE's `-cpn` is several letters after one dash, which commander cannot declare: see expandFateFlags.
const argv = expandFateFlags(process.argv);
await buildProgram().parseAsync(argv);
