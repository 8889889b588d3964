"""The layout stage: breaking lines, comments kept, the file's habits, configured limits."""

from __future__ import annotations

from pathlib import Path

from segcodemod.layout import (
    SYNTAX,
    Style,
    configured_limit,
    fit,
    indent_unit,
    lay_out,
    limit_for,
    line_limits,
    lost_comments,
    requote,
    style_for,
)
from segcodemod.model import Edit

PY = Style(SYNTAX["python"], limit=60, unit="    ", trailing_comma=True)
JS = Style(SYNTAX["javascript"], limit=60, unit="  ", trailing_comma=True)
SWIFT = Style(SYNTAX["swift"], limit=60, unit="    ", trailing_comma=True)


def test_short_one_line_call_stays_one_line() -> None:
    assert fit('client.track(BaseEvent("E", user_id=u))', PY, 4, "    ", False) == (
        'client.track(BaseEvent("E", user_id=u))'
    )


def test_long_line_is_broken_one_argument_per_line_like_black() -> None:
    text = 'client.track(BaseEvent("Order Completed", user_id=user.id, event_properties=p))'
    assert fit(text, PY, 4, "    ", False) == (
        "client.track(\n"
        "        BaseEvent(\n"
        '            "Order Completed",\n'
        "            user_id=user.id,\n"
        "            event_properties=p,\n"
        "        )\n"
        "    )"
    )


def test_multiline_call_stays_multiline_even_when_it_fits() -> None:
    assert fit("a.track('E', { x: 1 }, { user_id: u })", JS, 2, "  ", True) == (
        "a.track(\n    'E',\n    { x: 1 },\n    { user_id: u },\n  )"
    )


def test_swift_call_arguments_get_no_trailing_comma() -> None:
    text = 'analytics.track(eventType: "Order Completed", eventProperties: ["total": total])'
    assert fit(text, SWIFT, 4, "    ", False) == (
        "analytics.track(\n"
        '        eventType: "Order Completed",\n'
        '        eventProperties: ["total": total]\n'
        "    )"
    )


def test_long_chain_is_broken_before_each_link() -> None:
    text = "new amplitude.Identify().set('plan', plan).set('company', company).set('n', n)"
    assert fit(text, JS, 2, "  ", False) == (
        "new amplitude.Identify()\n    .set('plan', plan)\n    .set('company', company)\n"
        "    .set('n', n)"
    )


def test_brackets_and_commas_inside_strings_and_comments_are_not_structure() -> None:
    text = 'client.track("a, (b", x=f"{y}, )", z=1)  # (, )'
    assert fit(text, PY, 0, "", False) == text  # a trailing comment: never broken


def test_comment_inside_replaced_call_goes_above_the_statement() -> None:
    body = b'def f():\n    analytics.track(\n        u,  # who\n        "E",\n    )\n'
    start = body.index(b"analytics")
    end = body.index(b")\n") + 1
    edits = [Edit((start, end), 'client.track(BaseEvent("E", user_id=u))', "r")]
    [edit] = lay_out(edits, body, style_for("python", body, None), "python")
    assert edit.text == (  # it spanned lines: one argument per line still
        '# who\n    client.track(\n        BaseEvent(\n            "E",\n            user_id=u,\n'
        "        )\n    )"
    )


def test_comment_inside_a_call_used_as_a_value_goes_above_its_line() -> None:
    body = b"  x = [analytics.track(/* why */ 'E')]\n"
    start = body.index(b"analytics")
    end = body.index(b"]\n")
    edits = [Edit((start, end), "amplitude.track('E')", "r")]
    above, call = lay_out(edits, body, style_for("javascript", body, None), "javascript")
    assert above.span == (0, 0) and above.text == "  /* why */\n"
    assert call.text == "amplitude.track('E')"


def test_lost_comments_only_lists_what_the_new_code_lacks() -> None:
    assert lost_comments("f(a, // one\n b) // two", "g(a, // one\n b)", "javascript") == ["// two"]


def test_indent_unit_and_quote_habit_follow_the_file() -> None:
    assert indent_unit("def f():\n\tif x:\n\t\treturn 1\n") == "\t"
    assert indent_unit("a:\n  b:\n    c\n") == "  "
    style = style_for("javascript", b'import a from "a";\nconst b = "b";\n', None)
    assert style is not None and style.quote == '"'
    assert requote("amplitude.track('E', { k: 'it\\'s' })", style.syntax, '"') == (
        "amplitude.track(\"E\", { k: 'it\\'s' })"
    )


def test_configured_limits_from_formatter_configs(tmp_path: Path) -> None:
    assert configured_limit(["[tool.ruff]\nline-length = 88\n"]) == 88
    assert configured_limit(['{ "printWidth": 120 }']) == 120
    assert configured_limit(["[*]\nmax_line_length = 80\n"]) == 80
    assert configured_limit(["nothing here"]) is None
    (tmp_path / "pyproject.toml").write_text("[tool.black]\nline-length = 79\n")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / ".prettierrc").write_text('{"printWidth": 110}')
    files = [str(tmp_path / "app.py"), str(tmp_path / "web" / "a.js")]
    limits = line_limits(files, str(tmp_path))
    assert limit_for(files[0], limits) == 79
    assert limit_for(files[1], limits) == 110


def test_literals_carried_over_from_the_replaced_code_keep_their_quotes() -> None:
    syntax = SYNTAX["tsx"]
    old = '<AnalyticsProvider client={c}><Home userId="42" /></AnalyticsProvider>'
    new = "<Home userId=\"42\" />{track('x')}"
    assert requote(new, syntax, "'", old) == new
    assert requote('track("x")', syntax, "'", old) == "track('x')"
