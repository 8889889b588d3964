"""Segment (segment-analytics-python 2.x) original: an explicit Client, gzip bodies, shutdown()."""

from segment.analytics import Client

analytics = Client("WRITE_KEY", gzip=True)

analytics.identify("user-1", {"email": "ada@example.com", "plan": "pro", "logins": 3, "beta": True})
analytics.track("user-1", "Signed Up", {"plan": "pro", "seats": 3, "price": 9.99, "trial": False})
analytics.track("user-1", "Order Completed", {"order_id": "o-1", "total": 42.5, "currency": "EUR"})
analytics.page("user-1", "Docs", "Setup", {"path": "/docs/setup"})
analytics.screen("user-1", name="Home", properties={"tab": "feed"})
analytics.group("user-1", "acme", {"name": "Acme Inc", "employees": 10})

analytics.shutdown()
