import type { HeteroLrParameters } from '../../../components/hetero-lr.js';
import { type ValidationSettings, validationSettings } from '../../../components/lr-parameters.js';
import type { ComponentContext } from '../component.js';
import { EarlyStopping, logValidation, ValidationHistory, validatesAt } from '../lr-validation.js';
import { asBoolean, asNumber, asRecord } from '../transfer-values.js';
import type { Weights } from './optimizer.js';
import { LR_TAGS, type LrParties } from './protocol.js';
import { guestWx, hostShare } from './scoring.js';
import { sigmoid } from './training.js';
import type { PartyData } from './training-data.js';

type Ctx = ComponentContext<HeteroLrParameters>;

/**
 * FATE's ValidationStrategy in HeteroLR, per party. At each validation iteration the hosts send
 * their wx of the training rows and of the validate rows, the guest scores both, logs AUC and KS
 * (namespaces train / validate, name iteration_<it>) and, with early stopping, tells the hosts and
 * the arbiter whether to stop and which iteration's model to keep (FATE's synced performance
 * recorder). Every party keeps its weights of each validated iteration, to end with the best.
 */
abstract class Validation {
  protected readonly settings: ValidationSettings;
  protected readonly snapshots = new Map<number, Weights>();
  bestIteration = -1;

  constructor(
    protected readonly ctx: Ctx,
    protected readonly parties: LrParties,
  ) {
    this.settings = validationSettings(ctx.parameters);
  }

  protected get earlyStopping(): boolean {
    return this.settings.earlyStoppingRounds !== null;
  }

  /** The model training ends with: with early stopping, the best validated one (FATE loads it at train end). */
  /**
   * FATE's validation_metrics for the summary: absent without validation_freqs; empty but at the
   * guest, the one party that scores.
   */
  validationMetrics(): Record<string, Record<string, number[]>> | undefined {
    return this.settings.freqs === null ? undefined : {};
  }

  finalWeights(last: Weights): Weights {
    return (this.earlyStopping && this.snapshots.get(this.bestIteration)) || last;
  }

  /** Whether training stops here (early stopping); the verdict is the guest's. */
  protected async verdict(iteration: number): Promise<boolean> {
    const tag = LR_TAGS.validationVerdict(iteration);
    const verdict = asRecord(await this.ctx.federation.get(tag, this.parties.guest), `${tag} from guest`);
    this.bestIteration = asNumber(verdict.best_iteration, `${tag}.best_iteration`);
    return asBoolean(verdict.stop, `${tag}.stop`);
  }
}

export class GuestValidation extends Validation {
  private readonly stopping: EarlyStopping;
  private readonly history: ValidationHistory;

  constructor(
    ctx: Ctx,
    parties: LrParties,
    private readonly train: PartyData,
    private readonly validate: PartyData | undefined,
  ) {
    super(ctx, parties);
    this.stopping = new EarlyStopping(this.settings);
    this.history = new ValidationHistory(this.settings.metrics);
  }

  override validationMetrics(): Record<string, Record<string, number[]>> | undefined {
    return this.settings.freqs === null ? undefined : this.history.summary();
  }

  async atIterationEnd(iteration: number, weights: Weights): Promise<boolean> {
    if (!validatesAt(this.settings.freqs, iteration)) return false;
    const { ctx, parties } = this;
    const tag = LR_TAGS.validationWx(iteration);
    const trainWx = await guestWx(ctx.federation, parties.hosts, `${tag}.train`, this.train, weights);
    this.history.add(
      'train',
      await logValidation(ctx, this.scored('train', this.train, trainWx), iteration, this.settings),
    );
    if (this.validate === undefined) return false;
    const validateWx = await guestWx(ctx.federation, parties.hosts, `${tag}.validate`, this.validate, weights);
    const values = await logValidation(
      ctx,
      this.scored('validate', this.validate, validateWx),
      iteration,
      this.settings,
    );
    this.history.add('validate', values);
    if (!this.earlyStopping) return false;
    this.snapshots.set(iteration, weights);
    const { stop, bestIteration } = this.stopping.update(iteration, values);
    this.bestIteration = bestIteration;
    await ctx.federation.remote(LR_TAGS.validationVerdict(iteration), { stop, best_iteration: bestIteration }, [
      ...parties.hosts,
      parties.arbiter,
    ]);
    if (stop) ctx.log(`early stopping at iteration ${iteration}: the model of iteration ${bestIteration} is kept`);
    return stop;
  }

  private scored(type: 'train' | 'validate', data: PartyData, wx: readonly number[]) {
    return { type, labels: data.labels ?? [], scores: wx.map(sigmoid) };
  }
}

export class HostValidation extends Validation {
  constructor(
    ctx: Ctx,
    parties: LrParties,
    private readonly train: PartyData,
    private readonly validate: PartyData | undefined,
  ) {
    super(ctx, parties);
  }

  async atIterationEnd(iteration: number, weights: Weights): Promise<boolean> {
    if (!validatesAt(this.settings.freqs, iteration)) return false;
    const tag = LR_TAGS.validationWx(iteration);
    const to = [this.parties.guest];
    await this.ctx.federation.remote(`${tag}.train`, hostShare(this.train, weights), to);
    if (this.validate === undefined) return false;
    await this.ctx.federation.remote(`${tag}.validate`, hostShare(this.validate, weights), to);
    if (!this.earlyStopping) return false;
    this.snapshots.set(iteration, weights);
    return this.verdict(iteration);
  }
}

/** The arbiter holds no weights: it only follows the guest's early-stopping verdicts. */
export class ArbiterValidation extends Validation {
  constructor(
    ctx: Ctx,
    parties: LrParties,
    private readonly validating: boolean,
  ) {
    super(ctx, parties);
  }

  async atIterationEnd(iteration: number): Promise<boolean> {
    if (!this.validating || !this.earlyStopping || !validatesAt(this.settings.freqs, iteration)) return false;
    return this.verdict(iteration);
  }
}
