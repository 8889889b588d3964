"""Segment's JS/TS SDKs, declared once (sdk-map §2, §3): packages, client classes, methods.

Signature families:
- `node`: `@segment/analytics-node` (`new Analytics({ writeKey })`, object-argument calls),
- `node-legacy`: `analytics-node` (`new Analytics(writeKey, { flushAt })`, same calls),
- `browser`: `@segment/analytics-next` (`AnalyticsBrowser.load(...)`, `new AnalyticsBrowser()` +
  `.load(...)`) and the snippet global (`window.analytics`, bare `analytics`).
"""

from __future__ import annotations

import re

from segcodemod.languages import react_native as rn

NODE, LEGACY, BROWSER = "node", "node-legacy", "browser"
NODE_FAMILIES = (NODE, LEGACY)
PACKAGES = {
    "@segment/analytics-node": NODE,
    "analytics-node": LEGACY,
    "@segment/analytics-next": BROWSER,
    rn.PACKAGE: rn.RN,
}
# exported names of each package that are the client class (anything else is a type/helper)
CLASS_EXPORTS = {NODE: {"Analytics", "default"}, LEGACY: {"default"}, BROWSER: {"AnalyticsBrowser"},
                 rn.RN: set()}  # fmt: skip
# packages whose exports are other things (a client instance, a factory, a hook, a component):
# exported name -> (origin kind, family)
EXPORT_ORIGINS = {rn.RN: rn.EXPORTS}
# packages whose import is no evidence of the browser snippet global
NOT_SNIPPET = (NODE, rn.RN)
BROWSER_LOADERS = ("load", "standalone")  # AnalyticsBrowser.load(...) makes a client
SNIPPET_PACKAGE = "@segment/snippet"
METHODS = {
    NODE: {"identify": "identify", "track": "track", "page": "page", "screen": "screen",
           "group": "group", "alias": "alias", "flush": "flush", "closeAndFlush": "shutdown"},
    BROWSER: {"identify": "identify", "track": "track", "page": "page", "screen": "screen",
              "group": "group", "alias": "alias", "reset": "reset", "load": "init"},
}  # fmt: skip
METHODS[LEGACY] = METHODS[NODE]
METHODS.update(rn.METHODS)
GLOBAL_OBJECTS = {"window", "globalThis", "self"}
SNIPPET_NAME = "analytics"
SEGMENT_TYPE_HINT = re.compile(r"Segment|AnalyticsSnippet|AnalyticsBrowser|@segment")
