import { benchPlanning } from './planning.js';
import { report } from './report.js';

/** `npm run bench`: every benchmark, each printing its table and writing bench/results/<name>.json. */
await report('planning', benchPlanning());
