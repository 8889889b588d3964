"""`segcodemod report` on the bundled example: the checklist, the tracking plan before and
after, open items, manifests changed; HTML; the plan exported for Amplitude and mParticle."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from segcodemod.cli import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "shop"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("r") / "shop"
    shutil.copytree(EXAMPLE, work)
    (work / "requirements.txt").write_text("segment-analytics-python==2.3.2\n")
    (work / "pyproject.toml").write_text(
        '[tool.segcodemod]\ntarget = "amplitude"\n\n'
        '[tool.segcodemod.events]\n"Order Completed" = "Order Placed"\n\n'
        '[tool.segcodemod.properties]\norder_id = "orderId"\n'
    )
    return work


@pytest.fixture(scope="module")
def markdown(shop: Path) -> str:
    result = invoke("report", str(shop))
    assert result.exit_code == 0, result.output
    return result.output


def test_report_fills_in_the_checklist(markdown: str) -> None:
    lines = markdown.splitlines()
    assert lines[0] == "# Segment to Amplitude migration report"
    assert "- [x] Sources inventoried: 4 SDK families" in lines
    assert "  - python / `python`: 7 call sites" in lines
    assert (
        "- [ ] Tracking code migrated: 14 of 15 call sites (1 need a person, see Open items)"
        in lines
    )
    assert "- [x] Dependency manifests: 1 Segment entries" in lines
    assert "  - `Order Completed` -> `Order Placed` (track)" in lines
    assert "  - property `order_id` -> `orderId`" in lines
    assert "  - `Checkout / Payment` -> `Viewed Checkout Payment Page` (page)" in lines


def test_report_shows_the_tracking_plan_before_and_after(markdown: str) -> None:
    assert (
        "| track | `Order Completed` | `Order Placed` | `orderId`, `total`, `order_id` -> "
        "`orderId`, `currency` | `api/orders.ts:5`, `backend/shop/orders.py:6` |"
    ) in markdown
    assert (
        "| page | `Shop / Checkout` | `Viewed Shop Checkout Page` | - | `web/src/Checkout.tsx:5` |"
        in markdown
    )
    assert "| `plan` | `plan` | any |" in markdown  # identify traits
    assert "| `name` | `name` | any |" in markdown  # group traits


def test_report_lists_open_items_and_manifests(markdown: str) -> None:
    assert (
        "| `backend/shop/orders.py:22:5` | alias | todo | amplitude.python.alias | alias has no "
        "Amplitude SDK equivalent; map ids with Amplitude's User Mapping API (POST /usermap) |"
    ) in markdown
    manifests = markdown[markdown.index("## Manifests changed") :]
    assert "| `requirements.txt` | `amplitude-analytics" in manifests


def test_report_html_and_writes_no_source(shop: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in shop.rglob("*") if p.is_file()}
    out = tmp_path / "report.html"
    assert invoke("report", str(shop), "--format", "html", "-o", str(out)).exit_code == 0
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<h2>Migration checklist</h2>" in page
    assert "&#9744; Tracking code migrated: 14 of 15 call sites" in page
    assert "<td><code>Order Completed</code></td><td><code>Order Placed</code></td>" in page
    assert {p: p.read_bytes() for p in shop.rglob("*") if p.is_file()} == before


def test_plan_export_for_amplitude_taxonomy_api(shop: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    assert (
        invoke("report", str(shop), "--plan", str(plan), "-o", str(tmp_path / "r.md")).exit_code
        == 0
    )
    data = json.loads(plan.read_text())
    assert [e["event_type"] for e in data["events"]] == [
        "Checkout Clicked", "Order Placed", "Viewed Checkout Payment Page",
        "Viewed Shop Checkout Page",
    ]  # fmt: skip
    placed = [
        p["event_property"] for p in data["event_properties"] if p["event_type"] == "Order Placed"
    ]
    assert placed == ["orderId", "total", "currency"]
    assert {u["user_property"] for u in data["user_properties"]} == {"lastOrder", "email", "plan"}


def test_plan_export_as_mparticle_data_plan(shop: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    result = invoke(
        "report", str(shop), "-t", "mparticle", "--plan", str(plan), "-o", str(tmp_path / "r.md")
    )
    assert result.exit_code == 0
    points = json.loads(plan.read_text())["version_document"]["data_points"]
    placed = next(p for p in points if p["match"]["criteria"].get("event_name") == "Order Placed")
    assert placed["match"] == {
        "type": "custom_event",
        "criteria": {"event_name": "Order Placed", "custom_event_type": "other"},
    }
    attributes = placed["validator"]["definition"]["properties"]["data"]["properties"][
        "custom_attributes"
    ]
    assert list(attributes["properties"]) == ["orderId", "total", "currency"]
    assert {p["match"]["type"] for p in points} == {
        "custom_event",
        "screen_view",
        "user_attributes",
    }
