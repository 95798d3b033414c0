import { describe, expect, it } from '@jest/globals';
import { productionCatalog } from '../../../components/catalog.js';
import { readSiteEnv } from '../../../functions/lambda/read-site-env.js';
import { createAwsClients, createAwsSite } from '../../../functions/lambda/site-from-env.js';
import { PARTY, siteEnv } from './support/site-env.js';

describe('createAwsSite', () => {
  const site = createAwsSite(readSiteEnv(siteEnv()), createAwsClients(), () => 42);

  it("configures the site from its environment: one pool of the stack's size, the peers' share of it, S3 tables, FATE's components", () => {
    expect(site.services.site).toEqual({
      partyId: PARTY,
      pool: { name: 'default', cores: 16, memory: 32768, nodes: 1, maxCoresPercentPerJob: 1 },
      peerResourceShare: 0.5,
      catalog: productionCatalog,
      permissionCheck: false,
      objectEngine: 'S3',
      boardUrl: 'https://board.party-9999.example.org/',
    });
  });

  it('gives the federation endpoint the same party, job store and clock as the services', () => {
    expect(site.inbound.partyId).toBe(PARTY);
    expect(site.inbound.jobs).toBe(site.services.jobs);
    expect(site.inbound.partyKeys).toBe(site.services.parties);
    expect([site.inbound.clock(), site.services.clock()]).toEqual([42, 42]);
  });
});
