import { benchAucSpread } from './auc-spread.js';
import { benchBigintBackends } from './bigint-backends.js';
import { benchCost } from './cost.js';
import { benchFederation } from './federation.js';
import { benchHeteroLr } from './hetero-lr.js';
import { benchInference } from './inference.js';
import { benchPaillier } from './paillier.js';
import { benchPlanning } from './planning.js';
import { type Figure, report } from './report.js';
import { benchScheduling } from './scheduling.js';
import { benchSmallComponents } from './small-components.js';
import { benchSubmit } from './submit.js';
import { benchUpload } from './upload.js';

/**
 * `npm run bench [-- name…]`: every benchmark (or the named ones), each printing its table and
 * writing bench/results/<name>.json.
 */
const benchmarks: Record<string, () => Figure[] | Promise<Figure[]>> = {
  planning: benchPlanning,
  submit: benchSubmit,
  federation: benchFederation,
  scheduling: benchScheduling,
  cost: benchCost,
  'small-components': benchSmallComponents,
  'hetero-lr': benchHeteroLr,
  'auc-spread': benchAucSpread,
  inference: benchInference,
  upload: benchUpload,
  bigint: benchBigintBackends,
  paillier: benchPaillier,
};

// The API logs every refused request; a benchmark's table is what matters here.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(benchmarks)) {
  if (wanted.length === 0 || wanted.includes(name)) await report(name, await run());
}
