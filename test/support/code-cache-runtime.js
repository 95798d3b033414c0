// Jest's runtime with V8's code cache for the modules a worker loads. Jest builds a fresh module
// registry for every test file, so a worker compiles every module again for every file that loads
// it: in one profile of the unit project, `vm.compileFunction` (CommonJS: much of node_modules) and
// the `SourceTextModule` constructor (ES modules: our code, compiled by swc) took a fifth of its
// CPU. Here the first compile of a module's source in a worker keeps V8's cached data, and later
// compiles of the same source start from it. Nothing else changes: the same source, the same
// context, jest's own loaders and error handling. (CommonJS goes through jest's module executor's
// `compile`, wrapped here; a jest without one compiles those modules as before.)
import vm from 'node:vm';
import Runtime from 'jest-runtime';

/** V8's cached data by module file, used only for the exact source it was made from. */
const commonJsCache = new Map();
const esModuleCache = new Map();

function cachedFor(cache, key, source) {
  const kept = cache.get(key);
  return kept?.source === source ? kept.data : undefined;
}

function withCodeCache(compile) {
  return (scriptSource, filename) => {
    const cachedData = cachedFor(commonJsCache, filename, scriptSource);
    const compileFunction = vm.compileFunction;
    vm.compileFunction = (code, params, options) =>
      compileFunction(code, params, cachedData ? { ...options, cachedData } : { ...options, produceCachedData: true });
    let compiled;
    try {
      compiled = compile(scriptSource, filename);
    } finally {
      vm.compileFunction = compileFunction;
    }
    if (cachedData === undefined && compiled?.cachedData) {
      commonJsCache.set(filename, { source: scriptSource, data: compiled.cachedData });
    } else if (compiled?.cachedDataRejected) {
      commonJsCache.delete(filename);
    }
    return compiled;
  };
}

// ES modules: jest constructs `vm.SourceTextModule` (read at each call) with the module's file as
// its identifier; this subclass adds the cached data and keeps it from each first compile.
const SourceTextModule = vm.SourceTextModule;
if (SourceTextModule !== undefined) {
  vm.SourceTextModule = class CachedSourceTextModule extends SourceTextModule {
    constructor(source, options = {}) {
      const key = options.identifier;
      const cachedData = key === undefined || options.cachedData ? undefined : cachedFor(esModuleCache, key, source);
      super(source, cachedData ? { ...options, cachedData } : options);
      if (key !== undefined && cachedData === undefined)
        esModuleCache.set(key, { source, data: this.createCachedData() });
    }
  };
}

export default class CodeCacheRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (typeof executor?.compile === 'function') executor.compile = withCodeCache(executor.compile.bind(executor));
  }
}
