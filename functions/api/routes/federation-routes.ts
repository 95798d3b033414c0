import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import { generateSigningKey, keyId, parsePublicKey, publicKeyOf } from '../../domain/signing/keys.js';
import type { SiteServices } from '../../services/site-services.js';
import { parseBody, partyIdField } from '../request-fields.js';
import { ok, type Route } from '../route.js';

/** What these routes use: the ports they read and the use cases they call. */
export type FederationRoutesDeps = Pick<SiteServices, 'clock' | 'parties' | 'signingKeys' | 'site'>;

const publicKeyField = z.string({ error: 'a public key must be a "whpk_…" string' }).refine(
  (key) => {
    try {
      parsePublicKey(key);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'a public key must be "whpk_" followed by 32 bytes in base64' },
);

/** Browsers' and CloudFront's URL limit; a federation endpoint is a short https://host/path. */
const MAX_ENDPOINT_LENGTH = 2048;

const partyRequest = z.looseObject({
  party_id: partyIdField,
  endpoint: z
    .string({ error: "endpoint is required: the party's federation URL, https://…" })
    .max(MAX_ENDPOINT_LENGTH, { error: `endpoint may be at most ${MAX_ENDPOINT_LENGTH} characters` })
    .url({ error: 'endpoint must be a URL' })
    .refine((url) => url.startsWith('https://'), {
      error: 'endpoint must be an https:// URL (verification is never off)',
    }),
  public_keys: z
    .union([publicKeyField, z.array(publicKeyField).min(1).max(10)], {
      error: 'public_keys must be one or more "whpk_…" keys',
    })
    .transform((keys) => (Array.isArray(keys) ? keys : [keys])),
});

const publicKeys = async (services: FederationRoutesDeps) =>
  (await services.signingKeys.secretKeys()).map((secret) => {
    const publicKey = publicKeyOf(secret);
    return { key_id: keyId(publicKey), public_key: publicKey };
  });

/** The party registry and this site's signing keys (`flow party …`, `flow key …`). */
export const federationRoutes: Route<FederationRoutesDeps>[] = [
  {
    method: 'POST',
    path: '/v1/party/add',
    handler: async (request, services) => {
      const party = parseBody(partyRequest, request.body);
      await services.parties.putParty({
        partyId: party.party_id,
        endpoint: party.endpoint,
        publicKeys: party.public_keys,
        updateTime: services.clock(),
      });
      return ok({ party_id: party.party_id });
    },
  },
  {
    method: 'POST',
    path: '/v1/party/list',
    handler: async (_request, services) =>
      ok(
        (await services.parties.listParties()).map((p) => ({
          party_id: p.partyId,
          endpoint: p.endpoint,
          public_keys: p.publicKeys.map((key) => ({ key_id: keyId(key), public_key: key })),
          update_time: p.updateTime,
        })),
      ),
  },
  {
    method: 'POST',
    path: '/v1/party/remove',
    handler: async (request, services) => {
      const { party_id: partyId } = parseBody(z.looseObject({ party_id: partyIdField }), request.body);
      if (!(await services.parties.removeParty(partyId))) throw new NotFoundError(`party ${partyId} is not registered`);
      return ok({ party_id: partyId });
    },
  },
  {
    method: 'POST',
    path: '/v1/key/query',
    handler: async (_request, services) =>
      ok({ party_id: services.site.partyId, public_keys: await publicKeys(services) }),
  },
  {
    method: 'POST',
    path: '/v1/key/rotate',
    handler: async (_request, services) => {
      await services.signingKeys.addKey(generateSigningKey().secretKey);
      return ok({ party_id: services.site.partyId, public_keys: await publicKeys(services) });
    },
  },
  {
    method: 'POST',
    path: '/v1/key/retire',
    handler: async (request, services) => {
      const { key_id: id } = parseBody(
        z.looseObject({
          key_id: z.string({ error: 'key_id is required: see flow key query' }).max(64, {
            error: 'key_id is a key id as flow key query lists it (16 hex digits)',
          }),
        }),
        request.body,
      );
      await services.signingKeys.removeKey(id);
      return ok({ party_id: services.site.partyId, public_keys: await publicKeys(services) });
    },
  },
];
