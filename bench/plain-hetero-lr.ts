/**
 * A plain (unencrypted) hetero logistic regression with FATE's Taylor-approximated updates, written
 * from the formulas: the oracle the encrypted protocol's tests compare against
 * (test/unit/components/hetero-lr/), and the trainer of the AUC-spread bench (auc-spread.ts):
 *   d = 0.25·(wx_g + Σ wx_h) − 0.5·y (y ∈ {−1, 1}),  g = Xᵀd / n + α·w (L2, not the intercept),
 *   loss = log2 − ½·mean(y·wx) + ⅛·mean(wx²) + ½·α·‖w‖²,
 *   sgd δ = lr_t·g;  rmsprop m = 0.99·m + 0.01·g², δ = lr_t·g / √(m + 1e-6);  lr_t = lr / √(1 + t).
 */
export interface ReferenceSetup {
  readonly guest: number[][];
  readonly hosts: number[][][];
  readonly labels: number[];
  readonly batches: number[][];
  /** Each iteration's batches when they change (FATE's reshuffle); `batches` for every iteration otherwise. */
  readonly batchesAt?: (iteration: number) => number[][];
  readonly iterations: number;
  readonly learningRate: number;
  readonly alpha: number;
  readonly optimizer: 'sgd' | 'rmsprop';
}

export function plainHeteroLr(setup: ReferenceSetup) {
  const y = setup.labels.map((label) => (label === 1 ? 1 : -1));
  // One flat weight vector: guest coefficients, guest intercept, then each host's coefficients.
  const guestWidth = setup.guest[0]?.length ?? 0;
  const hostWidths = setup.hosts.map((rows) => rows[0]?.length ?? 0);
  const size = guestWidth + 1 + hostWidths.reduce((a, b) => a + b, 0);
  const w = new Array<number>(size).fill(0);
  const m = new Array<number>(size).fill(0);
  const interceptAt = guestWidth;
  const row = (i: number): number[] => [...(setup.guest[i] ?? []), 1, ...setup.hosts.flatMap((rows) => rows[i] ?? [])];
  const losses: number[] = [];
  for (let t = 0; t < setup.iterations; t += 1) {
    const lr = setup.learningRate / Math.sqrt(1 + t);
    let lossSum = 0;
    const batches = setup.batchesAt?.(t) ?? setup.batches;
    for (const batch of batches) {
      const n = batch.length;
      // Each row built once per batch (the AUC spread bench trains thousands of models).
      const xs = batch.map((i) => row(i));
      const wx = xs.map((x) => x.reduce((s, v, j) => s + v * (w[j] ?? 0), 0));
      const d = batch.map((i, k) => 0.25 * (wx[k] ?? 0) - 0.5 * (y[i] ?? 0));
      const norm = w.reduce((s, v, j) => (j === interceptAt ? s : s + v * v), 0);
      lossSum +=
        Math.log(2) +
        batch.reduce((s, i, k) => s - (0.5 * (y[i] ?? 0) * (wx[k] ?? 0)) / n + (0.125 * (wx[k] ?? 0) ** 2) / n, 0) +
        0.5 * setup.alpha * norm;
      const g = w.map((wj, j) => {
        const data = xs.reduce((s, x, k) => s + (d[k] ?? 0) * (x[j] ?? 0), 0) / n;
        return j === interceptAt ? data : data + setup.alpha * wj;
      });
      g.forEach((gj, j) => {
        let delta = lr * gj;
        if (setup.optimizer === 'rmsprop') {
          m[j] = 0.99 * (m[j] ?? 0) + 0.01 * gj * gj;
          delta = (lr * gj) / Math.sqrt((m[j] ?? 0) + 1e-6);
        }
        w[j] = (w[j] ?? 0) - delta;
      });
    }
    losses.push(lossSum / batches.length);
  }
  let offset = guestWidth + 1;
  const hosts = hostWidths.map((width) => {
    const part = w.slice(offset, offset + width);
    offset += width;
    return part;
  });
  return { guest: w.slice(0, guestWidth), intercept: w[interceptAt] ?? 0, hosts, losses };
}
