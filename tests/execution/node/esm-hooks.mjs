// ESM resolve hook registered by preload.cjs: a bare specifier (e.g. '@segment/analytics-node')
// that cannot be resolved from the importing file is resolved again from this directory, so ES
// module programs outside tests/execution/node still find the pinned SDKs. (NODE_PATH, which
// preload.cjs sets for require(), is ignored by import.)
let fallbackParent;

export function initialize(data) {
  fallbackParent = data && data.fallbackParent;
}

function isBare(specifier) {
  return !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    if (fallbackParent && err && err.code === 'ERR_MODULE_NOT_FOUND' && isBare(specifier)) {
      return nextResolve(specifier, { ...context, parentURL: fallbackParent });
    }
    throw err;
  }
}
