import type { Command } from 'commander';
import { action } from '../output.js';
import { fateOption } from './fate-flags.js';
import { readJsonObject } from './json-values.js';
import { printEnvelope, siteClient } from './site.js';

/**
 * `flow model infer -c request.json [--batch]` (ours: FATE has no such verb, its users call
 * FATE-Serving): the conf is FATE-Serving's request, `{head: {serviceId}, body: {featureData,
 * sendToRemoteFeatureData}}` (with `--batch`, `body.batchDataList`), posted to the guest's site.
 */
export function registerInferCommand(model: Command): void {
  model
    .command('infer')
    .description("Score records online with the model bound to a service id (FATE-Serving's request)")
    .addOption(fateOption('confPath', true))
    .option('--batch', 'the conf is a batch request (body.batchDataList)')
    .action(
      action(async (options: { confPath: string; batch?: boolean }, command: Command) => {
        const request = await readJsonObject(options.confPath, 'inference request');
        const path = options.batch === true ? '/federation/v1/batchInference' : '/federation/v1/inference';
        printEnvelope(await (await siteClient(command)).post(path, request));
      }),
    );
}
