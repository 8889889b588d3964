'use strict';
/*
 * Point the real Node analytics SDKs at the execution-test capture server, without editing the
 * program under test:
 *
 *   SEGCODEMOD_CAPTURE_URL=http://127.0.0.1:PORT node --require ./preload.cjs program.js
 *
 * Does nothing when SEGCODEMOD_CAPTURE_URL is unset, except making this directory's
 * node_modules resolvable (NODE_PATH for require(), a resolve hook for import), so a program in
 * any directory finds the pinned SDKs.
 *
 * Patches, applied right after the SDK module is loaded (Module.prototype.load hook, which also
 * runs when an ES module imports these CommonJS packages):
 *   @segment/analytics-node  new Analytics(settings): host = capture, flushInterval <= 50 ms
 *   analytics-node (legacy)  Analytics instances: host = capture, flushInterval <= 50 ms
 *                            (set on first enqueue()/flush())
 *   @amplitude/analytics-node init(key, opts) (module-level and createInstance()):
 *                            serverUrl = capture + /2/httpapi (/batch with useBatch),
 *                            flushIntervalMillis <= 50
 *   mparticle (npm)          every ApiClient builds URLs on capture + /v2 (whatever basePath says)
 *
 * SEGCODEMOD_CAPTURE_DEBUG=1 prints which modules were patched (stderr).
 */
const Module = require('node:module');
const path = require('node:path');
const url = require('node:url');

const CAPTURE = (process.env.SEGCODEMOD_CAPTURE_URL || '').replace(/\/+$/, '');
const FLUSH_MS = 50;
const DEBUG = !!process.env.SEGCODEMOD_CAPTURE_DEBUG;
const NODE_MODULES = path.join(__dirname, 'node_modules');
const PATCHED = Symbol.for('segcodemod.capture.patched');

function debug(msg) {
  if (DEBUG) process.stderr.write(`[segcodemod-capture] ${msg}\n`);
}

// ---- make the pinned SDKs resolvable from anywhere ---------------------------------------
function addNodePath() {
  const parts = (process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean);
  if (!parts.includes(NODE_MODULES)) {
    parts.push(NODE_MODULES);
    process.env.NODE_PATH = parts.join(path.delimiter);
    Module._initPaths();
  }
}

function registerEsmFallback() {
  // Node < 20.6 has no Module.register: ES module programs then need node_modules nearby.
  // --require preloads also run in the loader-hooks thread: register from the main thread only.
  if (typeof Module.register !== 'function' || !require('node:worker_threads').isMainThread) return;
  Module.register('./esm-hooks.mjs', url.pathToFileURL(__filename), {
    data: { fallbackParent: url.pathToFileURL(path.join(__dirname, 'package.json')).href },
  });
}

// ---- patches -------------------------------------------------------------------------------
function minInterval(value, fallback) {
  const v = typeof value === 'number' && value > 0 ? value : fallback;
  return Math.min(v, FLUSH_MS);
}

function patchSegmentNode(mod) {
  const Original = mod.exports.Analytics;
  if (typeof Original !== 'function' || Original[PATCHED]) return;
  class Analytics extends Original {
    constructor(settings) {
      const s = Object.assign({}, settings);
      s.host = CAPTURE;
      s.flushInterval = minInterval(s.flushInterval, 10000);
      super(s);
    }
  }
  Object.defineProperty(Analytics, 'name', { value: 'Analytics' });
  Analytics[PATCHED] = true;
  mod.exports.Analytics = Analytics;
  debug('patched @segment/analytics-node');
}

function patchLegacyAnalyticsNode(mod) {
  // Patched in place (prototype), not by replacing module.exports: an ES module importing this
  // CommonJS file keeps the exports object it saw while the file was evaluated.
  const Analytics = mod.exports;
  if (typeof Analytics !== 'function' || Analytics[PATCHED]) return;
  const proto = Analytics.prototype;
  const redirect = (self) => {
    if (self[PATCHED]) return;
    self.host = CAPTURE; // read by flush(): `${this.host}${this.path}`
    self.flushInterval = minInterval(self.flushInterval, 10000);
    self[PATCHED] = true;
  };
  for (const name of ['enqueue', 'flush']) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = function () {
      redirect(this);
      return original.apply(this, arguments);
    };
  }
  Analytics[PATCHED] = true;
  debug('patched analytics-node');
}

function patchAmplitudeNode(mod) {
  const AmplitudeNode = mod.exports.AmplitudeNode;
  if (typeof AmplitudeNode !== 'function' || AmplitudeNode.prototype._init[PATCHED]) return;
  // init() -> this._init(options) is looked up at call time, so patching the prototype also
  // covers the default instance that node-client.js creates while it loads.
  const originalInit = AmplitudeNode.prototype._init;
  const _init = function (options) {
    const o = Object.assign({}, options);
    o.serverUrl = CAPTURE + (o.useBatch ? '/batch' : '/2/httpapi');
    o.flushIntervalMillis = minInterval(o.flushIntervalMillis, 1000);
    return originalInit.call(this, o);
  };
  _init[PATCHED] = true;
  AmplitudeNode.prototype._init = _init;
  debug('patched @amplitude/analytics-node');
}

function patchMparticleApiClient(mod) {
  const ApiClient = mod.exports;
  if (typeof ApiClient !== 'function' || ApiClient.prototype.buildUrl[PATCHED]) return;
  const originalBuildUrl = ApiClient.prototype.buildUrl;
  const buildUrl = function (p, params) {
    const saved = this.basePath;
    this.basePath = CAPTURE + '/v2';
    try {
      return originalBuildUrl.call(this, p, params);
    } finally {
      this.basePath = saved;
    }
  };
  buildUrl[PATCHED] = true;
  ApiClient.prototype.buildUrl = buildUrl;
  debug('patched mparticle');
}

// file path (with '/' separators) ending -> patch
const TARGETS = [
  ['/node_modules/@segment/analytics-node/dist/cjs/app/analytics-node.js', patchSegmentNode],
  ['/node_modules/analytics-node/index.js', patchLegacyAnalyticsNode],
  ['/node_modules/@amplitude/analytics-node/lib/cjs/node-client.js', patchAmplitudeNode],
  ['/node_modules/mparticle/src/ApiClient.js', patchMparticleApiClient],
];

function installLoadHook() {
  const originalLoad = Module.prototype.load;
  Module.prototype.load = function load(filename) {
    const result = originalLoad.apply(this, arguments);
    const f = String(filename).split(path.sep).join('/');
    for (const [suffix, patch] of TARGETS) {
      if (f.endsWith(suffix)) {
        try {
          patch(this);
        } catch (err) {
          process.stderr.write(`[segcodemod-capture] failed to patch ${f}: ${err && err.stack}\n`);
        }
      }
    }
    return result;
  };
}

addNodePath();
registerEsmFallback();
if (CAPTURE) {
  installLoadHook();
  debug(`capturing to ${CAPTURE}`);
}
