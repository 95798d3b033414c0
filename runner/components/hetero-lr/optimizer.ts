/**
 * FATE's linear-model optimizers (federatedml/optim/optimizer.py), run by each party on its own
 * slice of the gradient. FATE runs them at the arbiter on the concatenated gradient, but every
 * rule is element-wise, so per-party state gives the same numbers — and lets the gradients stay
 * masked from the arbiter. One step, as FATE orders it:
 *   1. L2: g += α·w (coefficients only, not the intercept)            add_regular_to_grad
 *   2. δ = rule(g) with lr_t = lr/√(1 + decay·t) (decay_sqrt) or lr/(1 + decay·t)
 *   3. L1: w = sign(w − δ)·max(0, |w − δ| − α·lr/√t), intercept −= δ; otherwise w −= δ
 * with t the iteration number from 0 (so at t = 0 the L1 shrinkage is infinite and zeroes every
 * coefficient, exactly as FATE's α·lr/√0 does).
 */
export type OptimizerName = 'sgd' | 'rmsprop' | 'adam' | 'adagrad' | 'nesterov_momentum_sgd';
export type Penalty = 'L1' | 'L2' | 'NONE';

export interface OptimizerSettings {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly alpha: number;
  readonly penalty: Penalty;
  readonly decay: number;
  readonly decaySqrt: boolean;
}

/** Coefficients, and the intercept last when the party fits one (FATE's LinearModelWeights). */
export interface Weights {
  readonly coef: readonly number[];
  readonly intercept: number | undefined;
}

const RMSPROP_RHO = 0.99;
const NESTEROV_MOMENTUM = 0.9;
const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

export class LocalOptimizer {
  private iteration = 0;
  private m: number[] | undefined;
  private v: number[] | undefined;
  private beta1Power = 1;
  private beta2Power = 1;

  constructor(private readonly settings: OptimizerSettings) {}

  setIteration(iteration: number): void {
    this.iteration = iteration;
  }

  private learningRate(): number {
    const { learningRate, decay, decaySqrt } = this.settings;
    const factor = 1 + decay * this.iteration;
    return decaySqrt ? learningRate / Math.sqrt(factor) : learningRate / factor;
  }

  /** FATE's loss_norm: α·Σ|w| (L1) or ½·α·‖w‖² (L2) over the coefficients; 0 without penalty. */
  lossNorm(weights: Weights): number {
    const { penalty, alpha } = this.settings;
    if (penalty === 'L1') return weights.coef.reduce((sum, w) => sum + alpha * Math.abs(w), 0);
    if (penalty === 'L2') return 0.5 * alpha * weights.coef.reduce((sum, w) => sum + w * w, 0);
    return 0;
  }

  /** One update from this party's gradient (coefficients, then the intercept's if fitted). Returns δ too. */
  step(weights: Weights, gradient: readonly number[]): { weights: Weights; delta: number[] } {
    const { penalty, alpha } = this.settings;
    const fitted = weights.intercept !== undefined;
    const g = gradient.map((value, j) =>
      penalty === 'L2' && j < weights.coef.length ? value + alpha * (weights.coef[j] ?? 0) : value,
    );
    const delta = this.rule(g);
    const coefDelta = delta.slice(0, weights.coef.length);
    let coef: number[];
    if (penalty === 'L1') {
      const shrink = (alpha * this.settings.learningRate) / Math.sqrt(this.iteration);
      coef = weights.coef.map((w, j) => {
        const moved = w - (coefDelta[j] ?? 0);
        return Math.sign(moved) * Math.max(0, Math.abs(moved) - shrink);
      });
    } else {
      coef = weights.coef.map((w, j) => w - (coefDelta[j] ?? 0));
    }
    const intercept = fitted ? (weights.intercept ?? 0) - (delta[weights.coef.length] ?? 0) : undefined;
    return { weights: { coef, intercept }, delta };
  }

  /** FATE's apply_gradients per optimizer. */
  private rule(g: readonly number[]): number[] {
    const lr = this.learningRate();
    const m = this.m ?? g.map(() => 0);
    switch (this.settings.optimizer) {
      case 'sgd':
        return g.map((x) => lr * x);
      case 'rmsprop': {
        this.m = m.map((prev, j) => RMSPROP_RHO * prev + (1 - RMSPROP_RHO) * (g[j] ?? 0) ** 2);
        return g.map((x, j) => (lr * x) / Math.sqrt((this.m?.[j] ?? 0) + 1e-6));
      }
      case 'adagrad': {
        this.m = m.map((prev, j) => prev + (g[j] ?? 0) ** 2);
        return g.map((x, j) => (lr * x) / (Math.sqrt(this.m?.[j] ?? 0) + 1e-7));
      }
      case 'nesterov_momentum_sgd': {
        const velocity = m.map((prev, j) => NESTEROV_MOMENTUM * prev - lr * (g[j] ?? 0));
        const delta = m.map((prev, j) => NESTEROV_MOMENTUM * prev - (1 + NESTEROV_MOMENTUM) * (velocity[j] ?? 0));
        this.m = velocity;
        return delta;
      }
      case 'adam': {
        const v = this.v ?? g.map(() => 0);
        this.beta1Power *= ADAM_BETA1;
        this.beta2Power *= ADAM_BETA2;
        this.m = m.map((prev, j) => ADAM_BETA1 * prev + (1 - ADAM_BETA1) * (g[j] ?? 0));
        this.v = v.map((prev, j) => ADAM_BETA2 * prev + (1 - ADAM_BETA2) * (g[j] ?? 0) ** 2);
        return g.map((_, j) => {
          const mHat = (this.m?.[j] ?? 0) / (1 - this.beta1Power);
          const vHat = (this.v?.[j] ?? 0) / (1 - this.beta2Power);
          return (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
        });
      }
    }
  }
}

/** FATE's convergence rules (federatedml/optim/convergence.py) as the arbiter applies them. */
export class ConvergenceCheck {
  private previousLoss: number | undefined;

  constructor(
    private readonly earlyStop: 'diff' | 'abs' | 'weight_diff',
    private readonly tol: number,
  ) {}

  /** diff: |previous − loss| < tol (never at the first iteration); abs: loss ≤ tol. */
  byLoss(loss: number): boolean {
    if (this.earlyStop === 'abs') return loss <= this.tol;
    const previous = this.previousLoss;
    this.previousLoss = loss;
    return previous !== undefined && Math.abs(previous - loss) < this.tol;
  }

  /** weight_diff at the hetero arbiter: ‖Σ_batches δ‖ < tol, δ over all parties' weights. */
  byWeightDiff(squaredNorm: number): boolean {
    return Math.sqrt(squaredNorm) < this.tol;
  }
}
