/**
 * FedAvg logistic regression computed in the clear, the reference the secure protocol must match:
 * full-batch gradient descent (sgd) with L2 (g += α·w on the coefficients) and FATE's decayed
 * learning rate lr/√(1 + t), each client from the global model for `aggregateIters` epochs, then
 * w = Σnᵢwᵢ / Σnᵢ. Written independently of the component's code.
 */
export interface Client {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
}

export interface PlainSettings {
  readonly learningRate: number;
  readonly alpha: number;
  readonly maxIter: number;
  readonly aggregateIters: number;
}

export function plainFedAvg(
  clients: readonly Client[],
  s: PlainSettings,
): { w: number[]; b: number; losses: number[] } {
  const d = clients[0]?.x[0]?.length ?? 0;
  let global = { w: Array.from({ length: d }, () => 0), b: 0 };
  const local = clients.map(() => ({ w: [...global.w], b: global.b, loss: 0 }));
  const losses: number[] = [];
  for (let t = 0; t < s.maxIter; t += 1) {
    const lr = s.learningRate / Math.sqrt(1 + t);
    clients.forEach((client, c) => {
      const model = local[c];
      if (model === undefined) return;
      const n = client.x.length;
      const gw = Array.from({ length: d }, () => 0);
      let gb = 0;
      let loss = 0;
      client.x.forEach((x, i) => {
        const z = x.reduce((sum, v, j) => sum + v * (model.w[j] ?? 0), model.b);
        const p = 1 / (1 + Math.exp(-z));
        const y = client.y[i] ?? 0;
        x.forEach((v, j) => {
          gw[j] = (gw[j] ?? 0) + ((p - y) * v) / n;
        });
        gb += (p - y) / n;
        loss -= (y * Math.log(p) + (1 - y) * Math.log(1 - p)) / n;
      });
      model.loss = loss + 0.5 * s.alpha * model.w.reduce((sum, w) => sum + w * w, 0);
      model.w = model.w.map((w, j) => w - lr * ((gw[j] ?? 0) + s.alpha * w));
      model.b -= lr * gb;
    });
    if ((t + 1) % s.aggregateIters === 0 || t === s.maxIter - 1) {
      const total = clients.reduce((sum, client) => sum + client.x.length, 0);
      const share = (c: number) => (clients[c]?.x.length ?? 0) / total;
      global = {
        w: global.w.map((_, j) => local.reduce((sum, m, c) => sum + share(c) * (m.w[j] ?? 0), 0)),
        b: local.reduce((sum, m, c) => sum + share(c) * m.b, 0),
      };
      losses.push(local.reduce((sum, m, c) => sum + share(c) * m.loss, 0));
      for (const m of local) {
        m.w = [...global.w];
        m.b = global.b;
      }
    }
  }
  return { ...global, losses };
}
