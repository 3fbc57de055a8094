"""The HTML report in a real headless browser: the verdict colours, on a light and
on a dark page (a notebook's two themes).

Debian's Chromium (``/usr/bin/chromium``, CI installs it with apt) driven by the
Playwright package; no browser is downloaded.
"""

import re

import pytest

import glassnet as gn
from glassnet.explanation import example_spec_path, load_spec
from glassnet.explanation.render_markup import COLOURS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# one answer of each verdict (the lab's network: δ5 = −0.0367703, y3 = 0.552308)
ANSWERS = {"y3": 0.5523, "δ5": 0.0367703, "δ3": 0.552308 * (1 - 0.552308) * 0.3 * 0.0367703,
           "y9": 1.0}
POINTS = {"y3": 1, "δ5": 1, "δ3": 1, "y4": 1}
EXPECTED = {"y3": "right", "δ5 (delta5)": "new error", "δ3 (delta3)": "carried forward",
            "y9": "unusable", "y4": "not answered"}


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page()
        browser.close()


def report_html():
    spec = load_spec(example_spec_path("lab_backprop"))
    report = gn.explain(spec.model, spec.x, spec.y, notation="lab", answers=ANSWERS,
                        points=POINTS)
    assert {v.name: v.status for v in report.checked.items} == {
        "y3": "right", "δ5": "new error", "δ3": "carried forward", "y9": "unusable",
        "y4": "not answered"}
    return report.to_html()


def rgb(text):
    return tuple(int(v) for v in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("theme", [("white", "black"), ("#111111", "#eeeeee")],
                         ids=["light", "dark"])
def test_verdict_colours_in_a_real_browser(page, theme):
    background, text = theme
    page.set_content(f"<html><body style='background:{background};color:{text}'>"
                     f"{report_html()}</body></html>")
    rows = page.query_selector_all("table.verdicts tr[data-status]")
    assert len(rows) == 5
    for row in rows:
        status = row.get_attribute("data-status")
        cells = row.query_selector_all("td")
        assert EXPECTED[cells[0].inner_text()] == status
        verdict = cells[3]
        assert verdict.inner_text() == status
        style = verdict.evaluate("e => { const s = getComputedStyle(e); return "
                                 "[s.backgroundColor, s.borderLeftColor, s.color, "
                                 "s.borderLeftWidth, s.fontWeight] }")
        tint, edge, colour, width, weight = style
        want = tuple(int(v) for v in COLOURS[status].split(", "))
        assert rgb(edge) == want and width == "4px"  # the solid verdict colour
        assert rgb(tint) == want and "0.18" in tint   # a tint of it over the theme
        assert rgb(colour) == rgb(page.evaluate(  # the theme's own text colour stays
            "() => getComputedStyle(document.body).color")) and int(weight) >= 600
    # the numbers are monospace, and the tables have borders
    num = page.query_selector("table.equations td.num")
    assert "mono" in num.evaluate("e => getComputedStyle(e).fontFamily").lower()
    border = num.evaluate("e => getComputedStyle(e).borderTopStyle")
    assert border == "solid"
    # the verdicts of the five statuses have five different colours
    assert len(set(COLOURS.values())) == 5
