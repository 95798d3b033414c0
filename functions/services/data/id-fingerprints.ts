/**
 * The ids seen in an uploaded table, each as a 64-bit fingerprint and the line it was on, in an
 * open-addressed table of typed arrays: 12 bytes a slot, at most three quarters full, so the 720,000
 * rows of a 200 MB upload take 12 MB here (25 MB for a moment while it doubles) where a Map of
 * their id strings would take several times that.
 * Two different ids share a fingerprint with a chance of about n²/2⁶⁵ (one in 37 million for a
 * million rows), in which case the later one is refused as a repeat of the earlier.
 */
export class IdFingerprints {
  private high: Uint32Array;
  private low: Uint32Array;
  private lines: Uint32Array;
  private used = 0;

  constructor(initialSlots = 1024) {
    this.high = new Uint32Array(initialSlots);
    this.low = new Uint32Array(initialSlots);
    this.lines = new Uint32Array(initialSlots);
  }

  /** Records `id` at `line`; the line it was first seen on if it was seen before. */
  add(id: string, line: number): number | undefined {
    if ((this.used + 1) * 4 > this.lines.length * 3) this.grow();
    const [high, low] = fingerprint(id);
    const slot = this.find(high, low);
    const earlier = this.lines[slot] ?? 0;
    if (earlier !== 0) return earlier;
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
    this.used += 1;
    return undefined;
  }

  /** The slot holding this fingerprint, or the empty slot where it goes (a line of 0 marks empty; lines count from 1). */
  private find(high: number, low: number): number {
    const mask = this.lines.length - 1;
    let slot = (low ^ high) & mask;
    while ((this.lines[slot] ?? 0) !== 0 && (this.high[slot] !== high || this.low[slot] !== low)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { high, low, lines } = this;
    this.high = new Uint32Array(lines.length * 2);
    this.low = new Uint32Array(lines.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let old = 0; old < lines.length; old += 1) {
      const line = lines[old] ?? 0;
      if (line === 0) continue;
      const slot = this.find(high[old] ?? 0, low[old] ?? 0);
      this.high[slot] = high[old] ?? 0;
      this.low[slot] = low[old] ?? 0;
      this.lines[slot] = line;
    }
  }
}

/** Two independent 32-bit FNV-1a hashes of the UTF-16 code units (different offset bases). */
function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}
