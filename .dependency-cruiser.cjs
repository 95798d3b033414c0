/**
 * The import rules of this repository, checked in CI (`npm run deps`, part of `npm run lint`).
 * Each folder's README states its rules in one line each, naming the rule here that checks it.
 * Paths are relative to the repository root; `^node_modules/…` is an npm package, and a Node
 * built-in has the dependency type `core`.
 *
 * @type {import('dependency-cruiser').IConfiguration}
 */

/**
 * Code that ships: the Lambdas, the components' specs they check jobs against, the runner's image,
 * a local site, the `flow` client.
 */
const PRODUCTION = '^(functions|components|runner|local|cli|client|proto|board)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes every file in it depend on all the others: none can be read, tested or bundled ' +
        'alone, and module initialisation order decides whether an import is still undefined. Break it ' +
        'with a port (functions/domain/ports) that the composition root fills in.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment:
        'functions/domain is the pure FATE core: it runs the same in a Lambda, the runner, a local site ' +
        'and the CLI, and tests need nothing but inputs. It imports only itself, zod (schemas), ' +
        '@noble/curves (checking a public key once when it is parsed) and, of Node, exactly node:crypto: ' +
        "every federation call is signed and verified, and OpenSSL's Ed25519 is native and constant-time, " +
        '15× cheaper per call than Ed25519 in JavaScript, with the same RFC 8032 signatures; SHA-256 goes ' +
        'through it too. No AWS, no adapters, no other Node built-in.',
      from: { path: '^functions/domain/' },
      // A Node built-in resolves to its bare name: `node:crypto` is `crypto` here.
      to: { pathNot: ['^functions/domain/', '^node_modules/(zod|@noble/curves)/', '^crypto$'] },
    },
    {
      name: 'functions-not-to-outer',
      severity: 'error',
      comment:
        'functions/ is what the Lambdas bundle: an import of the runner, the local site, the CLI or its ' +
        'client, the CDK app or a test puts that code (and its dependencies) into every Lambda. They ' +
        'depend on functions/, never the other way.',
      from: { path: '^functions/' },
      to: { path: '^(runner|local|cli|client|infra|test|bench|scripts)/' },
    },
    {
      name: 'core-not-to-adapters',
      severity: 'error',
      comment:
        'Services and the HTTP routes reach stores, buses and peers only through the ports they are ' +
        'given (functions/domain/ports); only composition roots (functions/lambda, local/site, ' +
        'runner/entry.ts) pick the concrete adapters, so services run on in-memory fakes in tests.',
      from: { path: '^functions/(domain|services|api|steps)/' },
      to: { path: '^functions/adapters/' },
    },
    {
      name: 'core-not-to-aws-sdk',
      severity: 'error',
      comment:
        'The AWS SDK belongs in functions/adapters (and the composition roots): a service or route that ' +
        'calls AWS directly cannot run locally or on a fake, and widens every Lambda that bundles it.',
      from: { path: '^functions/(domain|services|api|steps)/' },
      to: { path: '^node_modules/@aws-sdk/' },
    },
    {
      name: 'services-not-to-entry-points',
      severity: 'error',
      comment:
        'Services are called by the entry points (functions/lambda, functions/api, local/), not the ' +
        'other way: a service that imports an entry point drags the HTTP stack or a composition root ' +
        'into every caller and makes a cycle waiting to happen.',
      from: { path: '^functions/services/' },
      to: { path: '^functions/(lambda|api)/' },
    },
    {
      name: 'adapters-not-to-use-cases',
      severity: 'error',
      comment:
        'An adapter implements a port (a store, a bus, a peer client) and nothing more: one that calls a ' +
        'service or an entry point hides a use case inside plumbing. Where an adapter must reach the ' +
        "site's own handlers (the loopback peer client), the composition root hands them in.",
      from: { path: '^functions/adapters/' },
      to: { path: '^functions/(services|api|lambda)/' },
    },
    {
      name: 'proto-only-through-codec',
      severity: 'error',
      comment:
        'The generated protobuf code is the wire format; functions/federation/codec maps it to the ' +
        'domain types with validation. Anything else that imports proto/ would read unvalidated wire ' +
        'messages and tie itself to the encoding (tests of the wire format excepted).',
      from: { pathNot: ['^functions/federation/codec/', '^proto/', '^test/'] },
      to: { path: '^proto/' },
    },
    {
      name: 'specs-not-to-outer',
      severity: 'error',
      comment:
        "components/ holds the components' specs (module, roles, parameter schemas) that the Lambdas " +
        'check jobs against: it is bundled into every Lambda, so it must not pull in the runner (whose ' +
        'components run the specs), the local site, the CLI, the CDK app or tests.',
      from: { path: '^components/' },
      to: { path: '^(runner|local|cli|client|infra|test|bench)/' },
    },
    {
      name: 'runner-not-to-outer',
      severity: 'error',
      comment:
        'The runner is bundled into its own container image: it must not pull in the local site, the ' +
        'CLI or its client, the CDK app or tests. The local launcher starts it as a process, by path.',
      from: { path: '^runner/' },
      to: { path: '^(local|cli|client|infra|test|bench)/' },
    },
    {
      name: 'runner-not-to-handlers',
      severity: 'error',
      comment:
        'A runner talks to its site through the stores and the PeerClient port, never by running the ' +
        "site's handlers in its own process: those are the site's to run, with the site's checks and " +
        'permissions. Allowed: the federation codec (a format) and the transfer receiver, which a ' +
        "value for the runner's own site reaches through the loopback peer client, admitted and " +
        "stored as a peer's would be.",
      from: { path: '^runner/' },
      to: {
        path: [
          '^functions/(services|api|lambda|steps)/',
          '^functions/federation/(?!codec/|inbound/transfer-receiver\\.ts$)',
        ],
      },
    },
    {
      name: 'components-not-to-adapters',
      severity: 'error',
      comment:
        'Components and their context never see a concrete store or the federation plumbing: they get ports through the context, ' +
        "so where data lives (S3 or a folder, DynamoDB) is decided in the runner's composition " +
        '(entry.ts, federation-from-config.ts) alone, and components run on fakes in unit tests.',
      from: { path: '^runner/(components|context)/' },
      to: { path: '^functions/(adapters|federation)/' },
    },
    {
      name: 'local-not-to-cli',
      severity: 'error',
      comment:
        'The CLI starts local sites (flow local), so local/ importing cli/ makes the two one knot. What ' +
        'both need to talk to a site is the HTTP client in client/.',
      from: { path: '^local/' },
      to: { path: '^cli/' },
    },
    {
      name: 'cli-to-local-only-in-flow-local',
      severity: 'error',
      comment:
        'Only `flow local` starts and stops local sites, and only the lookup of the running local ' +
        'federation reads its state file; every other command talks to a site over HTTP (client/), so ' +
        "it works the same against a site in AWS and never loads a site's code.",
      from: {
        path: '^cli/',
        pathNot: ['^cli/commands/local\\.ts$', '^cli/local-site-config\\.ts$'],
      },
      to: { path: '^local/' },
    },
    {
      name: 'client-only-to-domain',
      severity: 'error',
      comment:
        "client/ is the HTTP client of a site's API that the CLI and the local demo share: it needs the " +
        "domain's errors and types, zod, Node's http/fs, and the AWS SDK's SigV4 signer and default " +
        'credential chain (a deployed site takes IAM-signed requests), and nothing of a site (which it only calls).',
      from: { path: '^client/' },
      to: {
        dependencyTypesNot: ['core'],
        pathNot: [
          '^client/',
          '^functions/domain/',
          '^node_modules/zod/',
          '^node_modules/@smithy/signature-v4/',
          '^node_modules/@aws-sdk/credential-providers/',
        ],
      },
    },
    {
      name: 'board-only-to-browser-libs',
      severity: 'error',
      comment:
        'board/ is the web board that runs in a browser, bundled into static assets: it reaches a site ' +
        'only through its HTTP API (fetch), so it imports only itself and its browser libraries (preact, ' +
        'htm, dagre, uPlot) — no Node built-in, nothing of a site, the domain or the client.',
      from: { path: '^board/' },
      to: {
        pathNot: ['^board/', '^node_modules/(preact|htm|@dagrejs/dagre|@dagrejs/graphlib|uplot)/'],
      },
    },
    {
      name: 'not-to-board',
      severity: 'error',
      comment:
        'The board is built by path into static assets (scripts/bundle-board.mjs) and served as files; ' +
        'only tests import its pure parts (board/lib).',
      from: { pathNot: ['^board/', '^test/'] },
      to: { path: '^board/' },
    },
    {
      name: 'infra-not-to-outer',
      severity: 'error',
      comment:
        'The CDK app needs from the code only the contracts the Lambdas share with the stack; the ' +
        'runner, local site, CLI and client are built or run by path, never imported into a synth.',
      from: { path: '^infra/' },
      to: { path: '^(runner|local|cli|client|test|bench)/' },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'Test helpers and fakes are for tests: shipped code, benchmarks and scripts never import test/.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        "Shipped code (Lambdas, runner image, local site, CLI) may import only packages in package.json's " +
        'dependencies: devDependencies (aws-cdk-lib, jest, esbuild, …) are not installed where it runs. ' +
        'Type-only imports (e.g. @types/aws-lambda) vanish at compile time and are allowed.',
      from: { path: PRODUCTION },
      to: {
        dependencyTypes: ['npm-dev'],
        dependencyTypesNot: ['type-only'],
        pathNot: ['^node_modules/@types/'],
      },
    },
    {
      name: 'no-non-package-json',
      severity: 'error',
      comment:
        "An npm package that is not in package.json (only there as another package's dependency) can " +
        'vanish or change version with any install: declare what you import.',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file: a typo, a moved file or a package that is not installed.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Everything but generated, ignored and non-code folders, so that a new top-level folder is
    // checked without touching this file. node_modules is not followed, but imports of it are kept
    // (the npm rules above need them).
    exclude: { path: '^(\\.[^/]+|dist|coverage|cdk\\.out|examples|docs|statemachines|bench/results)/' },
    doNotFollow: { path: '^node_modules/' },
    // Type-only imports count: a type from an adapter ties the domain to it just as a value does.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      // Packages' subpath exports (@aws-lambda-powertools/logger/middleware, @bufbuild/protobuf/codegenv2).
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
