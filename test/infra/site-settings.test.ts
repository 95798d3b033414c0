import { describe, expect, it } from '@jest/globals';
import { readSiteSettings, SITE_DEFAULTS, SiteSettingsError, siteStackName } from '../../infra/site-settings.js';
import { twoPartySites } from './site-template.js';

const KEY_9999 = 'whpk_rSKepygrPif1Z+ToRNlnuzi82aMjIte/7uLP68LEHUs=';
const KEY_10000 = 'whpk_d7uxuIF2qk1IwJ32N99cpzYJv/xzeC1wz4K6C0f8sv4=';

function read(context: Record<string, unknown>, files: Record<string, unknown> = {}) {
  return readSiteSettings(
    (key) => context[key],
    (path) => {
      if (!(path in files)) throw new Error(`no file ${path}`);
      return files[path];
    },
  );
}

describe('site settings from the CDK context', () => {
  it('reads -c strings into a site with the defaults filled in', () => {
    const peers = JSON.stringify([{ partyId: 10000, endpoint: 'https://peer.example.org', publicKeys: [KEY_10000] }]);
    expect(read({ partyId: '9999', peers, poolCores: '8', permissionCheck: 'true' })).toEqual([
      {
        partyId: 9999,
        peers: [{ partyId: 10000, endpoint: 'https://peer.example.org', publicKeys: [KEY_10000] }],
        poolCores: 8,
        poolMemory: SITE_DEFAULTS.poolMemory,
        peerResourceShare: SITE_DEFAULTS.peerResourceShare,
        permissionCheck: true,
      },
    ]);
  });

  it('starts a site with no peers when none are given', () => {
    expect(read({ partyId: 9999 })[0]?.peers).toEqual([]);
  });

  it('refuses a missing party id, a peer without keys, a malformed key and a site that is its own peer', () => {
    expect(() => read({})).toThrow(SiteSettingsError);
    const keyless = [{ partyId: 10000, endpoint: 'https://peer.example.org', publicKeys: [] }];
    expect(() => read({ partyId: 9999, peers: keyless })).toThrow(/at least one public key/);
    const bad = [{ partyId: 10000, endpoint: 'https://peer.example.org', publicKeys: ['whpk_AAAA'] }];
    expect(() => read({ partyId: 9999, peers: bad })).toThrow(SiteSettingsError);
    const self = [{ partyId: 9999, endpoint: 'https://self.example.org', publicKeys: [KEY_9999] }];
    expect(() => read({ partyId: 9999, peers: self })).toThrow(/own peer/);
  });

  it('refuses a plain-http peer endpoint, since federation calls are HTTPS only', () => {
    const plain = [{ partyId: 10000, endpoint: 'http://peer.example.org', publicKeys: [KEY_10000] }];
    expect(() => read({ partyId: 9999, peers: plain })).toThrow(/https/);
  });

  it('takes a custom domain only together with its certificate', () => {
    expect(() => read({ partyId: 9999, domainName: 'flow.example.org' })).toThrow(/certificateArn/);
    const certificateArn = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';
    expect(read({ partyId: 9999, domainName: 'flow.example.org', certificateArn })[0]?.domain).toEqual({
      name: 'flow.example.org',
      certificateArn,
    });
  });

  it('reads the peer resource share from -c text or a config number, and refuses one outside 0…1', () => {
    expect(read({ partyId: 9999, peerResourceShare: '0.25' })[0]?.peerResourceShare).toBe(0.25);
    expect(read({ config: 'site.json' }, { 'site.json': { partyId: 9999, peerResourceShare: 1 } })[0]).toMatchObject({
      peerResourceShare: 1,
    });
    expect(() => read({ partyId: 9999, peerResourceShare: '1.5' })).toThrow(/peerResourceShare/);
    expect(() => read({ partyId: 9999, peerResourceShare: 'half' })).toThrow(/peerResourceShare/);
  });

  it("takes a WAF rate limit for the federation route within WAF's bounds", () => {
    expect(read({ partyId: 9999, federationWafRateLimit: '2000' })[0]?.federationWafRateLimit).toBe(2000);
    expect(read({ partyId: 9999 })[0]?.federationWafRateLimit).toBeUndefined();
    expect(() => read({ partyId: 9999, federationWafRateLimit: 5 })).toThrow(/federationWafRateLimit/);
  });

  it('lets -c keys override a single-site config file', () => {
    const files = { 'site.json': { partyId: 9999, poolCores: 4 } };
    expect(read({ config: 'site.json', poolCores: '32' }, files)[0]?.poolCores).toBe(32);
  });

  it('reads every site of the two-party example, each the peer of the other', () => {
    const sites = twoPartySites();
    expect(sites.map((site) => site.partyId)).toEqual([9999, 10000]);
    expect(sites[0]?.peers.map((peer) => peer.partyId)).toEqual([10000]);
    expect(sites[1]?.peers.map((peer) => peer.partyId)).toEqual([9999]);
    expect(twoPartySites(10000).map((site) => site.partyId)).toEqual([10000]);
    expect(() => twoPartySites(4242)).toThrow(/no site of party 4242/);
  });

  it('names one stack per party', () => {
    expect(siteStackName(9999)).toBe('FateFlow-9999');
  });
});
