"""Facts about Segment's legacy analytics-android SDK shared by the Kotlin and Java frontends.

analytics-android (`com.segment.analytics.Analytics`, `Properties`, `Traits`) is a Java library
used from both languages; these tables are read from its sources (Properties.java, Traits.java).
"""

from __future__ import annotations

LEGACY_PACKAGE = "com.segment.analytics"

# typed putters -> the Segment key they write (Properties.java / Traits.java)
PROPERTIES_PUTTERS = {
    "putRevenue": "revenue", "putCurrency": "currency", "putPath": "path",
    "putReferrer": "referrer", "putTitle": "title", "putUrl": "url", "putName": "name",
    "putCategory": "category", "putSku": "sku", "putPrice": "price", "putProductId": "id",
    "putOrderId": "orderId", "putTotal": "total", "putSubtotal": "subtotal",
    "putShipping": "shipping", "putTax": "tax", "putDiscount": "discount",
    "putCoupon": "coupon", "putRepeatCustomer": "repeat", "putValue": "value",
}  # fmt: skip
TRAITS_PUTTERS = {
    "putEmail": "email", "putName": "name", "putFirstName": "firstName",
    "putLastName": "lastName", "putPhone": "phone", "putUsername": "username", "putAge": "age",
    "putBirthday": "birthday", "putGender": "gender", "putTitle": "title",
    "putAvatar": "avatar", "putCreatedAt": "createdAt", "putDescription": "description",
    "putWebsite": "website", "putFax": "fax", "putEmployees": "employees",
    "putIndustry": "industry", "putAddress": "address", "putUserId": "userId",
    "putAnonymousId": "anonymousId",
}  # fmt: skip
PUTTERS = {"properties": PROPERTIES_PUTTERS, "traits": TRAITS_PUTTERS}


def putter_key(container: str, method: str, arg_count: int) -> str | None:
    """The key a `putX(value)` call on a Properties / Traits container writes (None: not a
    known single-value putter). `putValue(k, v)` is handled by the caller; `putValue(double)`
    (one argument) is Properties' `value` key."""
    if arg_count != 1 or (method == "putValue" and container != "properties"):
        return None
    return PUTTERS[container].get(method)


def legacy_screen_labels(count: int, second_is_string: bool | None) -> list[str] | None:
    """Parameter names of the legacy `screen(...)` overload a call with `count` arguments
    resolves to: screen(name), screen(category, name) vs screen(name, properties),
    screen(category, name, properties[, options])."""
    if count == 1:
        return ["name"]
    if count == 2:
        return ["category", "name"] if second_is_string else ["name", "properties"]
    if count in (3, 4):
        return ["category", "name", "properties", "options"][:count]
    return None
