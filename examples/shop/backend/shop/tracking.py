"""Segment setup for the shop backend."""
import os

import segment.analytics as analytics

analytics.write_key = os.environ.get("SEGMENT_WRITE_KEY", "dev-key")
analytics.debug = False
