"""Kotlin frontend: receivers, containers, overloads, imports, literals (no rules involved)."""

from __future__ import annotations

import pytest

from segcodemod.languages import ParseError, frontend
from segcodemod.model import ArgKind, Context, ProjectIndex

KT = frontend("kotlin")


def find(source: str, others: dict[str, str] | None = None, path: str = "/r/A.kt"):
    files = {path: source, **(others or {})}
    facts = {p: KT.index(p, s.encode(), "/r") for p, s in files.items()}
    return KT.find(path, source.encode(), ProjectIndex("/r", facts))


def calls(source: str, **kw) -> list[tuple[str, str, str]]:
    return [(c.sdk, c.method, c.receiver) for c in find(source, **kw).calls]


def test_quote_and_interpolate_escape_dollar() -> None:
    assert KT.quote('Price $5 "x"\n') == '"Price \\$5 \\"x\\"\\n"'
    assert KT.interpolate([("Viewed ", False), ("name", True), (" $", False)]) == (
        '"Viewed ${name} \\$"'
    )


def test_string_kinds() -> None:
    src = """import com.segment.analytics.kotlin.core.Analytics
fun f(a: Analytics, n: String) {
    a.track("plain \\$ \\u0041")
    a.track("Hi $n")
    a.track("Hi ${n.length}")
    a.track(\"\"\"raw\"\"\")
}"""
    args = [c.args[0] for c in find(src).calls if c.method == "track"]
    assert [(a.kind, a.value) for a in args] == [
        (ArgKind.STRING, "plain $ A"),
        (ArgKind.TEMPLATE, None),
        (ArgKind.TEMPLATE, None),
        (ArgKind.STRING, "raw"),
    ]


def test_receivers_resolve_from_declarations_not_names() -> None:
    src = """import com.segment.analytics.kotlin.core.Analytics
import com.google.firebase.analytics.FirebaseAnalytics

class Screen(private val analytics: Analytics) {
    fun a() {
        analytics.track("Segment")
        this.analytics.flush()
        val analytics = FirebaseAnalytics.getInstance(ctx)
        analytics.logEvent("firebase", null)
    }
    fun b(tracker: Tracker) { tracker.track("other") }
}"""
    assert calls(src) == [
        ("kotlin", "other", ""),  # the `Analytics` type of the constructor property
        ("kotlin", "track", "analytics"),
        ("kotlin", "flush", "this.analytics"),
    ]


def test_no_segment_import_means_nothing_found() -> None:
    src = 'class Analytics { fun track(e: String) {} }\nfun f() { Analytics().track("x") }\n'
    assert calls(src) == []


def test_cross_file_companion_inherited_and_cast_members() -> None:
    app = """package com.shop
import com.segment.analytics.kotlin.android.Analytics
class App : Application() {
    companion object {
        lateinit var analytics: Analytics
    }

    lateinit var instance: Analytics
}
abstract class Base { protected lateinit var analytics: Analytics }"""
    src = """package com.shop.ui
import com.shop.App
import com.shop.Base
class Home : Base() {
    fun a() {
        App.analytics.track("companion")
        (application as App).instance.track("cast")
        analytics.track("inherited")
    }
}"""
    got = calls(src, others={"/r/App.kt": app}, path="/r/Home.kt")
    assert got == [
        ("kotlin", "track", "App.analytics"),
        ("kotlin", "track", "(application as App).instance"),
        ("kotlin", "track", "analytics"),
    ]


def test_containers_become_objects() -> None:
    src = """import com.segment.analytics.Analytics
import com.segment.analytics.Properties
import com.segment.analytics.Traits
fun f(ctx: Context, e: String) {
    Analytics.with(ctx).track("A", Properties().putValue("k", 1).putRevenue(9.5))
    Analytics.with(ctx).identify("u", Traits().putEmail(e).putAddress(addr), null)
    Analytics.with(ctx).track("B", Properties().apply { this["x"] = 1 })
    Analytics.with(ctx).track("C", Properties().putProducts(p1, p2))
}"""
    found = find(src).calls
    items = [[(i.key, i.key_text) for i in c.args[1].items or ()] for c in found]
    assert items[0] == [("k", '"k"'), ("revenue", '"revenue"')]
    assert items[1] == [("email", '"email"'), ("address", '"address"')]
    assert items[2] == [("x", '"x"')]
    assert found[3].args[1].kind is ArgKind.OTHER  # unknown putter: pass through or report
    assert all(c.env["module_api"] and c.sdk == "android-legacy" for c in found)


def test_json_builders_and_nested_maps() -> None:
    src = """import com.segment.analytics.kotlin.core.*
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
fun f(a: Analytics, c: String) {
    a.track("A", buildJsonObject { put("city", c); put("n", 1) })
    a.track("B", mapOf("nested" to mapOf("x" to 1)))
    a.track("C", buildJsonObject { putJsonObject("x") { put("y", 1) } })
    a.track("D", emptyJsonObject)
}"""
    args = [c.args[1] for c in find(src).calls if c.method == "track"]
    assert [i.key for i in args[0].items] == ["city", "n"]
    assert args[1].items[0].value.kind is ArgKind.OBJECT
    assert args[2].kind is ArgKind.OTHER
    assert args[3].kind is ArgKind.OBJECT and args[3].items == ()


def test_trailing_lambdas_and_named_arguments() -> None:
    src = """import com.segment.analytics.kotlin.android.Analytics
val analytics = Analytics("K", ctx) { flushAt = 3; this.flushInterval = 5 }
fun f() {
    analytics?.track("E") { it }
    analytics.screen(title = "Home", category = "Main")
}"""
    init, track, screen = find(src).calls
    assert init.method == "init" and init.context is Context.DECLARATION
    assert init.binding == "analytics"
    assert [(i.key, i.value.text) for i in init.args[2].items] == [
        ("flushAt", "3"),
        ("flushInterval", "5"),
    ]
    assert track.args[1].kind is ArgKind.FUNCTION and track.env["op"] == "?."
    assert [a.name for a in screen.args] == ["title", "category"]


def test_legacy_overloads_are_named() -> None:
    src = """import com.segment.analytics.Analytics
import com.segment.analytics.Traits
fun f(ctx: Context, section: String, props: Properties) {
    val t = Traits().putEmail("a@b.c")
    Analytics.with(ctx).screen("Cat", "Name")
    Analytics.with(ctx).screen("Name", props)
    Analytics.with(ctx).screen(section, "Name")
    Analytics.with(ctx).identify(t)
    Analytics.with(ctx).identify(section)
}"""
    names = [[a.name for a in c.args] for c in find(src).calls]
    assert names == [
        ["category", "name"],
        ["name", "properties"],
        ["category", "name"],
        ["traits"],
        [None],
    ]


def test_contexts() -> None:
    src = """import com.segment.analytics.kotlin.core.Analytics
fun f(a: Analytics, b: Button) {
    a.track("statement")
    b.setOnClickListener { a.track("lambda value") }
    if (x) a.flush()
    a.reset(); a.flush()
}"""
    got = [(c.method, c.context) for c in find(src).calls if c.method != "other"]
    assert got == [
        ("track", Context.STATEMENT),
        ("track", Context.EXPRESSION),
        ("flush", Context.EXPRESSION),
        ("reset", Context.EXPRESSION),
        ("flush", Context.EXPRESSION),
    ]


def test_imports_removed_only_when_every_use_goes() -> None:
    src = """package p

import com.segment.analytics.Analytics
import com.segment.analytics.Properties
import com.segment.analytics.Traits

fun f(ctx: Context) {
    Analytics.with(ctx).track("A", Properties().putValue("k", 1))
    Analytics.with(ctx).identify("u", Traits().putEmail("e"), null)
    val kept = Properties()
}"""
    findings = find(src)
    removable = [site.text.strip() for site in findings.imports]
    assert removable == [
        "import com.segment.analytics.Analytics",
        "import com.segment.analytics.Traits",
    ]
    assert [n.code for n in findings.notes] == ["import-kept"]
    assert src[findings.import_anchor :].startswith("\nfun f")


def test_partial_tree_and_hopeless_file() -> None:
    src = """import com.segment.analytics.kotlin.core.Analytics
fun interface Callback { fun run() }
fun f(a: Analytics) { a.flush() }
"""
    assert KT.syntax_errors(src.encode()) > 0  # a grammar gap on valid Kotlin
    assert [c.method for c in find(src).calls] == ["other", "flush"]
    with pytest.raises(ParseError):
        find(
            "import com.segment.analytics.kotlin.core.Analytics\n"
            "class T(val analytics: Analytics) {\n<<<<<<< HEAD\n"
            '    fun a() { analytics.track("A") }\n=======\n'
            '    fun a() { analytics.track("B") {{{ }\n>>>>>>> feature\n'
        )
