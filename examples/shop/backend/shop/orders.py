import segment.analytics as analytics


def place_order(user, cart):
    analytics.identify(user.id, {"email": user.email, "plan": user.plan})
    analytics.track(
        user.id,
        "Order Completed",
        {"order_id": cart.id, "total": cart.total, "currency": "EUR"},
    )


def view_checkout(user):
    analytics.page(user.id, "Checkout", "Payment", {"step": 2})


def join_team(user, team):
    analytics.group(user.id, team.id, {"name": team.name})


def merge_anonymous(anonymous_id, user):
    analytics.alias(anonymous_id, user.id)
