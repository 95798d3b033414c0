/** This build's version; a test keeps it equal to package.json's, so bundles need not read that file. */
export const SERVERLESS_VERSION = '0.1.0';

/** The FATE versions whose client and DSL this build speaks. */
export const FATE_VERSION = '1.11.4';
export const FATE_FLOW_VERSION = '1.11.2';
