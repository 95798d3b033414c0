import { DataError } from '../../../functions/domain/errors.js';
import type { InputTable } from '../component.js';

/**
 * One party's training rows as HeteroLR reads them (runner/README.md, Table conventions): the id
 * first, the label column named by `meta.label_name` at the guest, every other column a feature.
 */
export interface PartyData {
  readonly name: string;
  readonly ids: readonly string[];
  readonly featureNames: readonly string[];
  /** Row-major feature values. */
  readonly features: readonly (readonly number[])[];
  /** FATE's LR labels: +1 for label 1, −1 for anything else (HeteroLRGuest.load_data). */
  readonly labels: readonly number[] | undefined;
  /** The label cells as DataTransform wrote them, for the prediction table. */
  readonly labelCells: readonly string[] | undefined;
}

function labelColumn(table: InputTable): number | undefined {
  const name = table.meta.label_name;
  if (table.meta.with_label === false || name === null) return undefined;
  if (typeof name === 'string') {
    const index = table.header.indexOf(name);
    if (index <= 0) throw new DataError(`${table.name}: label column "${name}" (meta.label_name) is not in the header`);
    return index;
  }
  // No DataTransform meta (e.g. a hand-made table): FATE's usual label names, right after the id.
  return table.header[1] === 'y' || table.header[1] === 'label' ? 1 : undefined;
}

export function partyData(table: InputTable, needsLabel: boolean): PartyData {
  const labelAt = labelColumn(table);
  if (needsLabel && labelAt === undefined) {
    throw new DataError(
      `${table.name}: the guest's HeteroLR input has no label column (DataTransform with_label: true)`,
    );
  }
  const featureAt = table.header.map((_, i) => i).filter((i) => i > 0 && i !== labelAt);
  const features = table.rows.map((cells, r) =>
    featureAt.map((i) => {
      const value = Number(cells[i]);
      if (cells[i] === '' || !Number.isFinite(value)) {
        throw new DataError(
          `${table.name}: row ${r + 1}, column "${table.header[i]}" is "${cells[i] ?? ''}", not a number`,
        );
      }
      return value;
    }),
  );
  // Labels are read wherever the table has them: a predict table's labels go into the prediction table too.
  const labelCells = labelAt !== undefined ? table.rows.map((cells) => cells[labelAt] ?? '') : undefined;
  if (labelCells !== undefined) {
    const classes = new Set(labelCells);
    if (classes.size > 2) {
      throw new DataError(
        `${table.name}: ${classes.size} label classes; HeteroLR here is binary (multi-class one-vs-rest is not implemented)`,
      );
    }
  }
  return {
    name: table.name,
    ids: table.rows.map((cells) => cells[0] ?? ''),
    featureNames: featureAt.map((i) => table.header[i] ?? ''),
    features,
    labels: labelCells?.map((cell) => (Number(cell) === 1 ? 1 : -1)),
    labelCells,
  };
}
