import { describe, expect, it } from '@jest/globals';
import { SiteMeter } from '../../../local/metering/site-meter.js';

describe('a message to this same site, as AWS bills it', () => {
  it('is one invocation of the federation function when another function sends it', async () => {
    const meter = new SiteMeter();
    const reply = await meter.invoke('runComponent', () => meter.loopback(async () => 'received'));
    expect(reply).toBe('received');
    const counts = meter.snapshot();
    expect(counts.lambda.runComponent.requests).toBe(1);
    expect(counts.lambda.federation.requests).toBe(1);
    expect(counts.lambda.federation.runs).toBe(1);
  });

  it('costs nothing more when the federation function sends it to itself (received in-process)', async () => {
    const meter = new SiteMeter();
    await meter.invoke('federation', () => meter.loopback(async () => 'received'));
    expect(meter.snapshot().lambda.federation.requests).toBe(1);
  });

  it('counts each of several concurrent senders on its own', async () => {
    const meter = new SiteMeter();
    await Promise.all([
      meter.invoke('federation', () => meter.loopback(async () => 1)),
      meter.timed('scheduler', () => meter.loopback(async () => 2)),
      meter.timed('detector', () => meter.loopback(async () => 3)),
    ]);
    expect(meter.snapshot().lambda.federation.requests).toBe(3);
  });
});
