import type { DataTransformParameters } from '../../../components/data-transform.js';
import { DataError } from '../../../functions/domain/errors.js';
import type { ComponentContext, InputModel, InputTable } from '../component.js';

/** What a trained DataTransform model (its `meta` and `param`, runner/components/data-transform.ts) fixes for later reads. */
export interface TrainedTransform {
  readonly name: string;
  readonly dataType: DataTransformParameters['data_type'];
  readonly withLabel: boolean;
  readonly labelName: string | null;
  readonly labelType: DataTransformParameters['label_type'];
  readonly missingFill: boolean;
  readonly defaultValue: number;
  readonly missingImpute: DataTransformParameters['missing_impute'];
  /** The feature columns trained on, in order. */
  readonly header: readonly string[];
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The one model input (model or isometric_model) the DSL gives this DataTransform, read; none: undefined. */
export function trainedTransform(ctx: ComponentContext<unknown>): TrainedTransform | undefined {
  const models = [...ctx.models.model, ...ctx.models.isometric_model];
  if (models.length > 1) {
    throw new DataError(
      `${ctx.component} takes one model input; the DSL gives ${models.map((m) => m.name).join(', ')}`,
    );
  }
  const [input] = models;
  return input === undefined ? undefined : readTrained(input);
}

function readTrained(input: InputModel): TrainedTransform {
  const model = record(input.model);
  const meta = record(model.meta);
  const param = record(model.param);
  if (input.meta.model_type !== 'DataTransform' || !Array.isArray(param.header)) {
    throw new DataError(`model ${input.name} is not a DataTransform model`);
  }
  return {
    name: input.name,
    dataType: meta.data_type as DataTransformParameters['data_type'],
    withLabel: meta.with_label === true,
    labelName: typeof meta.label_name === 'string' ? meta.label_name : null,
    labelType: meta.label_type as DataTransformParameters['label_type'],
    missingFill: meta.missing_fill === true,
    defaultValue: typeof meta.default_value === 'number' ? meta.default_value : 0,
    missingImpute: Array.isArray(meta.missing_impute) ? (meta.missing_impute as (string | number | null)[]) : null,
    header: param.header.map(String),
  };
}

/**
 * The trained settings over this component's own (FATE's predict-conf inheritance). A trained label
 * the table does not have is dropped: the data to predict may come without labels.
 */
export function withTrainedSettings(
  own: DataTransformParameters,
  trained: TrainedTransform,
  table: InputTable,
): DataTransformParameters {
  const labelHere = trained.withLabel && trained.labelName !== null && table.header.includes(trained.labelName);
  return {
    ...own,
    data_type: trained.dataType,
    with_label: labelHere,
    label_name: trained.labelName ?? own.label_name,
    label_type: trained.labelType,
    missing_fill: trained.missingFill,
    default_value: trained.defaultValue,
    missing_impute: trained.missingImpute,
  };
}

/** The transformed table with its features in the trained order; a feature missing or added is refused, named. */
export function inTrainedOrder(
  transformed: { header: string[]; rows: string[][]; features: string[] },
  trained: TrainedTransform,
  table: InputTable,
): { header: string[]; rows: string[][]; features: string[] } {
  const { header, rows, features } = transformed;
  const missing = trained.header.filter((name) => !features.includes(name));
  const extra = features.filter((name) => !trained.header.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new DataError(
      `${table.name} does not have the columns ${trained.name} was trained on` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
        (extra.length > 0 ? `; not in the model: ${extra.join(', ')}` : ''),
    );
  }
  const lead = header.length - features.length;
  const order = [...header.keys()].slice(0, lead).concat(trained.header.map((name) => lead + features.indexOf(name)));
  return {
    header: order.map((i) => header[i] ?? ''),
    rows: rows.map((cells) => order.map((i) => cells[i] ?? '')),
    features: [...trained.header],
  };
}
