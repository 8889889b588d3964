"""1000 Segment track calls and no flush: shows what the SDK's own exit handling delivers.

With ``--join`` the program ends with ``analytics.join()`` (which stops the consumer thread but
does not drain the queue).
"""

import sys

import segment.analytics as analytics

analytics.write_key = "WRITE_KEY"
for i in range(1000):
    analytics.track("user-1", f"Event {i}", {"i": i})
if "--join" in sys.argv[1:]:
    analytics.join()
