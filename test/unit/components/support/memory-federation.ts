import type { PartyRef, RoleParties } from '../../../../functions/domain/job/roles.js';
import type { FederationChannel, TransferValue } from '../../../../runner/components/component.js';

/**
 * A test double of the federation's data plane: every party's channel in one process, values
 * copied on the way (structuredClone keeps bigints and byte arrays, as the real codec does), a
 * `get` waiting until its value is sent. It also records each transfer, for tests of the messages.
 */
export interface MemoryFederation {
  channel(self: PartyRef): FederationChannel;
  readonly sent: { readonly tag: string; readonly from: PartyRef; readonly to: PartyRef }[];
  /** Each `prepare`, in order: which party got ready to send to which. */
  readonly prepared: { readonly from: PartyRef; readonly to: PartyRef }[];
}

const keyOf = (from: PartyRef, to: PartyRef, tag: string): string =>
  `${from.role}:${from.partyId}>${to.role}:${to.partyId}#${tag}`;

export function memoryFederation(roles: RoleParties, defaultTimeoutMs = 20_000): MemoryFederation {
  const values = new Map<string, TransferValue>();
  const waiters = new Map<string, ((value: TransferValue) => void)[]>();
  const sent: MemoryFederation['sent'] = [];
  const prepared: MemoryFederation['prepared'] = [];
  return {
    sent,
    prepared,
    channel(self) {
      return {
        roles,
        async remote(tag, value, to) {
          for (const dest of to) {
            const key = keyOf(self, dest, tag);
            if (values.has(key)) throw new Error(`tag "${tag}" sent twice to ${dest.role} ${dest.partyId}`);
            const copy = structuredClone(value);
            values.set(key, copy);
            sent.push({ tag, from: self, to: dest });
            for (const wake of waiters.get(key) ?? []) wake(copy);
            waiters.delete(key);
          }
        },
        prepare(to) {
          // As the runner's channel: a task has nothing to get ready for itself.
          for (const dest of to) {
            if (dest.role !== self.role || dest.partyId !== self.partyId) prepared.push({ from: self, to: dest });
          }
        },
        get(tag, from, options) {
          const key = keyOf(from, self, tag);
          const ready = values.get(key);
          if (ready !== undefined) return Promise.resolve(ready);
          return new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`get "${tag}" from ${from.role} ${from.partyId} timed out`)),
              options?.timeoutMs ?? defaultTimeoutMs,
            );
            // A test that fails one party must not keep jest alive for the others' waits.
            timer.unref();
            const wake = (value: TransferValue) => {
              clearTimeout(timer);
              resolve(value);
            };
            waiters.set(key, [...(waiters.get(key) ?? []), wake]);
          });
        },
      };
    },
  };
}
