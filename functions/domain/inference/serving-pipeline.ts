/**
 * A party's part of a deployed LR pipeline, as online inference runs it on one record: the
 * DataTransform's feature order and missing-value settings, the FeatureScale statistics if the
 * model has one, and the LR weights of this party's features (the guest's with the intercept).
 */
export interface ServingTransform {
  /** The features trained on, in the trained order (FATE's DataTransform header). */
  readonly header: readonly string[];
  /** The guest's label column: a request may carry it; it is not a feature. */
  readonly labelName: string | null;
  readonly integerData: boolean;
  readonly missingFill: boolean;
  readonly defaultValue: number;
  /** The cells that count as missing (FATE's missing_impute, or its default list). */
  readonly missingValues: readonly string[];
}

export interface ServingColumnScale {
  readonly column_lower: number;
  readonly column_upper: number;
  readonly mean: number;
  readonly std: number;
}

export interface ServingScale {
  readonly method: 'standard_scale' | 'min_max_scale';
  /** The scaled features' statistics by name; other features pass unchanged. */
  readonly params: Readonly<Record<string, ServingColumnScale>>;
}

export interface ServingLr {
  readonly modelType: 'HeteroLR' | 'HomoLR';
  /** A weight per feature of `transform.header`. */
  readonly weights: Readonly<Record<string, number>>;
  /** The guest's intercept (undefined at a host, and when the model was fitted without one). */
  readonly intercept: number | undefined;
}

export interface ServingPipeline {
  readonly transform: ServingTransform;
  readonly scale: ServingScale | undefined;
  readonly lr: ServingLr;
}
