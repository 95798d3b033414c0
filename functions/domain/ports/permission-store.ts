/**
 * What other parties may use at this site (FATE's casbin grants). `component` values are lower-case
 * module names (`heterolr`), or '*' for all; datasets are namespace + name.
 */
export type Grant =
  | { readonly partyId: number; readonly type: 'component'; readonly component: string }
  | { readonly partyId: number; readonly type: 'dataset'; readonly namespace: string; readonly name: string };

export interface PermissionStore {
  grant(grants: readonly Grant[]): Promise<void>;
  revoke(grants: readonly Grant[]): Promise<number>;
  listGrants(partyId: number): Promise<Grant[]>;
}
