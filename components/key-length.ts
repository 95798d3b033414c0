/**
 * The largest key_length the components accept (HeteroLR's encrypt_param, Intersection's
 * rsa_params): a schema bound at submit, and the runner's bound on the keys peers send
 * (runner/components/peer-keys.ts), so a peer cannot make a party work on a larger key than a user could.
 */
export const MAX_KEY_LENGTH = 4096;
