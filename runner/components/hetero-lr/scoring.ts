import { DataError, FederatedError } from '../../../functions/domain/errors.js';
import type { PartyRef } from '../../../functions/domain/job/roles.js';
import type { FederationChannel, TransferValue } from '../component.js';
import { describeParty } from '../intersection/link.js';
import { asNumberArray, asRecord, asStringArray } from '../transfer-values.js';
import { forwards } from './gradient-exchange.js';
import type { Weights } from './optimizer.js';
import type { PartyData } from './training-data.js';

/** A host's share of the scores of a table: its wx per row, with the row ids (hosts' rows are in their own order). */
export interface HostShare {
  readonly ids: readonly string[];
  readonly wx: readonly number[];
}

/** What a host sends for one table under its weights (no intercept: the guest holds it). */
export function hostShare(data: PartyData, weights: Weights): { ids: string[]; wx: number[] } {
  return { ids: [...data.ids], wx: forwards(data.features, weights.coef) };
}

export function asHostShare(value: TransferValue | undefined, what: string): HostShare {
  if (value === null || value === undefined) throw new FederatedError(`${what}: expected the host's {ids, wx}`);
  const record = asRecord(value, what);
  const ids = asStringArray(record.ids, `${what}.ids`);
  return { ids, wx: asNumberArray(record.wx, `${what}.wx`, ids.length) };
}

/**
 * wx of every guest row: the guest's own (with the intercept) plus each host's for the same id.
 * A guest id a host did not score means the tables were not intersected alike: the job fails, naming it.
 */
export async function guestWx(
  channel: FederationChannel,
  hosts: readonly PartyRef[],
  tag: string,
  data: PartyData,
  weights: Weights,
): Promise<number[]> {
  const wx = forwards(data.features, weights.coef, weights.intercept ?? 0);
  for (const host of hosts) {
    const what = `${tag} from ${describeParty(host)}`;
    const share = asHostShare(await channel.get(tag, host), what);
    const byId = new Map(share.ids.map((id, i) => [id, share.wx[i] ?? 0]));
    data.ids.forEach((id, row) => {
      const part = byId.get(id);
      if (part === undefined) {
        throw new DataError(
          `${data.name}: ${describeParty(host)} has no row "${id}"; run Intersection on this data first`,
        );
      }
      wx[row] = (wx[row] ?? 0) + part;
    });
  }
  return wx;
}

/** The features of `data` must be those trained on, in the same order (FATE's header check). */
export function sameFeatures(trained: PartyData, other: PartyData): void {
  if (trained.featureNames.join(',') !== other.featureNames.join(',')) {
    throw new DataError(
      `${other.name} has features ${other.featureNames.join(', ')}; the model is trained on ${trained.featureNames.join(', ')}`,
    );
  }
}
