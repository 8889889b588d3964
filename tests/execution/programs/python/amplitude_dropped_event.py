"""A deliberately WRONG Amplitude migration: the "Order Completed" track call was dropped.

Flushes through the SDK's own exit handler (no explicit flush/shutdown).
"""

from amplitude import Amplitude, BaseEvent, Config, EventOptions, Identify

amplitude_client = Amplitude("API_KEY", Config(min_id_length=1))
GROUP_TYPE = "[Segment] Group"

identify = Identify()
for key, value in {"email": "ada@example.com", "plan": "pro", "logins": 3, "beta": True}.items():
    identify.set(key, value)
amplitude_client.identify(identify, EventOptions(user_id="user-1"))

amplitude_client.track(
    BaseEvent(
        "Signed Up",
        user_id="user-1",
        event_properties={"plan": "pro", "seats": 3, "price": 9.99, "trial": False},
    )
)
amplitude_client.track(
    BaseEvent(
        "Viewed Docs Setup Page",
        user_id="user-1",
        event_properties={"path": "/docs/setup", "name": "Setup", "category": "Docs"},
    )
)
amplitude_client.track(
    BaseEvent(
        "Viewed Home Screen", user_id="user-1", event_properties={"tab": "feed", "name": "Home"}
    )
)

amplitude_client.set_group(GROUP_TYPE, "acme", EventOptions(user_id="user-1"))
group_identify = Identify()
group_identify.set("name", "Acme Inc")
group_identify.set("employees", 10)
amplitude_client.group_identify(GROUP_TYPE, "acme", group_identify, EventOptions(user_id="user-1"))
