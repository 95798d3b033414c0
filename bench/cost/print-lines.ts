import { type CostLine, total } from './cost-model.js';

/** The run whose total is the median one: its lines are the breakdown printed. */
export function medianLines(runs: readonly CostLine[][]): CostLine[] {
  const sorted = [...runs].sort((a, b) => total(a) - total(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? [];
}

export function printLines(title: string, lines: readonly CostLine[]): void {
  process.stdout.write(`\n${title}\n`);
  for (const l of lines) {
    const quantity = l.quantity >= 100 ? l.quantity.toFixed(0) : Number(l.quantity.toPrecision(4)).toString();
    process.stdout.write(`  ${l.item.padEnd(58)} ${quantity.padStart(12)} ${l.unit.padEnd(18)} $${l.usd.toFixed(7)}\n`);
  }
  process.stdout.write(`  ${'total'.padEnd(58)} ${''.padStart(12)} ${''.padEnd(18)} $${total(lines).toFixed(7)}\n`);
}
