"""Segment's JS/TS SDKs, declared once (sdk-map §2, §3): packages, client classes, methods.

Signature families:
- `node`: `@segment/analytics-node` (`new Analytics({ writeKey })`, object-argument calls),
- `node-legacy`: `analytics-node` (`new Analytics(writeKey, { flushAt })`, same calls),
- `browser`: `@segment/analytics-next` (`AnalyticsBrowser.load(...)`, `new AnalyticsBrowser()` +
  `.load(...)`) and the snippet global (`window.analytics`, bare `analytics`).
"""

from __future__ import annotations

import re

NODE, LEGACY, BROWSER = "node", "node-legacy", "browser"
NODE_FAMILIES = (NODE, LEGACY)
PACKAGES = {
    "@segment/analytics-node": NODE,
    "analytics-node": LEGACY,
    "@segment/analytics-next": BROWSER,
}
# exported names of each package that are the client class (anything else is a type/helper)
CLASS_EXPORTS = {NODE: {"Analytics", "default"}, LEGACY: {"default"}, BROWSER: {"AnalyticsBrowser"}}
BROWSER_LOADERS = ("load", "standalone")  # AnalyticsBrowser.load(...) makes a client
SNIPPET_PACKAGE = "@segment/snippet"
METHODS = {
    NODE: {"identify": "identify", "track": "track", "page": "page", "screen": "screen",
           "group": "group", "alias": "alias", "flush": "flush", "closeAndFlush": "shutdown"},
    BROWSER: {"identify": "identify", "track": "track", "page": "page", "screen": "screen",
              "group": "group", "alias": "alias", "reset": "reset", "load": "init"},
}  # fmt: skip
METHODS[LEGACY] = METHODS[NODE]
GLOBAL_OBJECTS = {"window", "globalThis", "self"}
SNIPPET_NAME = "analytics"
SEGMENT_TYPE_HINT = re.compile(r"Segment|AnalyticsSnippet|AnalyticsBrowser|@segment")
