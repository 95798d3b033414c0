import { checkpointFrequency } from '../../components/lr-parameters.js';
import type { ComponentContext } from './component.js';

/** Called by a training loop at the end of each iteration it completes, with that iteration's model. */
export type IterationCheckpoint = (iteration: number, model: () => unknown) => Promise<void>;

/**
 * FATE's ModelCheckpoint callback for HeteroLR and HomoLR: with `ModelCheckpoint` in
 * callback_param.callbacks, the model as it stands after iteration `it` (from 0) is kept when
 * `it % save_freq === 0`, as step `it` named `iteration_<it>` (what `flow checkpoint list/get`
 * read). The model is built only for the iterations kept.
 */
export function iterationCheckpoints(
  ctx: ComponentContext<Parameters<typeof checkpointFrequency>[0]>,
  modelType: string,
): IterationCheckpoint {
  const every = checkpointFrequency(ctx.parameters);
  return async (iteration, model) => {
    if (every === null || iteration % every !== 0) return;
    await ctx.writeCheckpoint(iteration, `iteration_${iteration}`, model(), { model_type: modelType });
  };
}
