"""Hand-written mParticle (PyPI mparticle) migration of segment_new.py / segment_legacy.py.

One Events API batch per Segment call; uploads are synchronous.
"""

import mparticle

configuration = mparticle.Configuration()
configuration.api_key = "API_KEY"
configuration.api_secret = "API_SECRET"  # placeholder
api = mparticle.EventsApi(configuration)


def upload(events=None, user_attributes=None, email=None):
    batch = mparticle.Batch()
    batch.environment = "development"
    batch.user_identities = mparticle.UserIdentities(customerid="user-1", email=email)
    if user_attributes:
        batch.user_attributes = user_attributes
    if events:
        batch.events = events
    api.upload_events(batch)


upload(
    user_attributes={"email": "ada@example.com", "plan": "pro", "logins": 3, "beta": True},
    email="ada@example.com",
)
upload(
    events=[
        mparticle.AppEvent(
            "Signed Up",
            "other",
            custom_attributes={"plan": "pro", "seats": 3, "price": 9.99, "trial": False},
        )
    ]
)
upload(
    events=[
        mparticle.AppEvent(
            "Order Completed",
            "transaction",
            custom_attributes={"order_id": "o-1", "total": 42.5, "currency": "EUR"},
        )
    ]
)
upload(
    events=[
        mparticle.ScreenViewEvent(screen_name="Setup", custom_attributes={"path": "/docs/setup"})
    ]
)
upload(events=[mparticle.ScreenViewEvent(screen_name="Home", custom_attributes={"tab": "feed"})])
upload(user_attributes={"group_id": "acme", "group_name": "Acme Inc", "group_employees": 10})
