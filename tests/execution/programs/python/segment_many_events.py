"""1000 Segment track calls and no flush: shows what the SDK's own exit handler delivers."""

import segment.analytics as analytics

analytics.write_key = "WRITE_KEY"
for i in range(1000):
    analytics.track("user-1", f"Event {i}", {"i": i})
