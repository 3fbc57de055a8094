"""glassnet studio end to end: Debian's Chromium (headless, driven by Playwright) on the
page served by a real uvicorn server on 127.0.0.1.

Each test gets its own server (a fresh session) and page. ``/api/state`` is read over
HTTP beside the page. With ``GLASSNET_STUDIO_SCREENSHOT=path`` the first test also
saves the README's picture there.
"""

import json
import os
import threading
import time

import httpx
import numpy as np
import pytest

import glassnet as gn

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server():
    from glassnet.studio.server import make_server

    uvicorn_server, sock, url = make_server()
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [sock]},
                              daemon=True)
    thread.start()
    for _ in range(200):
        if uvicorn_server.started:
            break
        time.sleep(0.02)
    yield url
    uvicorn_server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.studio_url = server
    yield page
    context.close()
    assert not errors, errors  # no JavaScript error on the page


def open_page(page, query=""):
    page.goto(page.studio_url + query)
    page.wait_for_selector("[data-ready=true]")
    return page


def state(page):
    return httpx.get(page.studio_url + "api/state", timeout=10).json()


def tid(name):
    return f"[data-testid='{name}']"


def text(page, name):
    return page.locator(tid(name)).text_content()


def wait_until(condition, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def play_until_epoch(page, epoch):
    page.click(tid("play"))
    wait_until(lambda: int(text(page, "epoch")) >= epoch)
    page.click(tid("pause"))
    # the epochs in flight when Pause was clicked land and are drawn
    page.wait_for_selector("#studio:not([data-running])", state="attached")


def test_training_lowers_the_loss(page):
    open_page(page, "?learning_rate=0.1")
    before = state(page)
    assert before["epoch"] == 0
    assert float(text(page, "train-loss")) == pytest.approx(before["train_loss"], rel=1e-3)
    play_until_epoch(page, 10)
    after = state(page)
    assert after["epoch"] >= 10
    assert after["train_loss"] < 0.7 * before["train_loss"]
    assert after["test_loss"] < 0.8 * before["test_loss"]
    assert float(text(page, "train-loss")) == pytest.approx(after["train_loss"], rel=1e-3)
    path = os.environ.get("GLASSNET_STUDIO_SCREENSHOT")
    if path:  # the README's picture: a trained network, a weight picked, its maths shown
        page.locator(tid("weight-2-1-2")).dispatch_event("click")
        page.wait_for_selector(tid("explain-row-0"))
        page.select_option(tid("explain-example"), "1")
        page.wait_for_selector("[data-testid='explain-row-0'][data-key='a6']")
        page.fill("[data-answer='gradw1,6']", "0.01")
        page.click(tid("check"))
        page.wait_for_selector("[data-verdict='gradw1,6']:not(:empty)")
        page.screenshot(path=path, full_page=True)


def test_pause_stops_the_epoch_counter(page):
    open_page(page)
    play_until_epoch(page, 3)
    shown, served = int(text(page, "epoch")), state(page)["epoch"]
    assert shown == served
    time.sleep(0.6)
    assert int(text(page, "epoch")) == shown and state(page)["epoch"] == served


def test_step_advances_exactly_one_batch(page):
    open_page(page)
    before = state(page)
    rows, xb, yb = (before["next_batch"][k] for k in ("rows", "x", "y"))
    model = _model(before)
    expected = gn.explain(model, np.array(xb), np.array(yb)).updated_weights
    page.click(tid("step"))
    wait_until(lambda: text(page, "step-count") == "1")
    after = state(page)
    assert (after["step"], after["epoch"]) == (before["step"] + 1, 0)
    assert after["batch_in_epoch"] == 1 and len(rows) == before["batch_size"]
    # the weights moved by exactly one step on that batch
    for layer, name in zip(after["weights"], expected):
        np.testing.assert_allclose(layer["kernel"], expected[name][0], rtol=1e-12)
    page.click(tid("step"))
    wait_until(lambda: text(page, "step-count") == "2")
    assert state(page)["step"] == 2


def _model(s):
    """The page's network, rebuilt here from /api/state's config and weights."""
    c = s["config"]
    layers = [gn.layers.Dense(u, activation=a) for u, a in c["layers"]]
    model = gn.Sequential([gn.layers.Input(shape=(len(c["features"]),)), *layers,
                           gn.layers.Dense(1, activation="sigmoid")], dtype="float64")
    model.set_weights([np.array(w) for layer in s["weights"]
                       for w in (layer["kernel"], layer["bias"])])
    assert c["optimizer"] == "sgd"
    model.compile(optimizer=gn.optimizers.SGD(c["learning_rate"]), loss=c["loss"])
    return model


def test_editing_a_weight_changes_the_state_and_the_surface(page):
    open_page(page)
    picture = page.locator(tid("boundary")).screenshot()
    page.locator(tid("weight-3-1-1")).dispatch_event("click")
    page.fill(tid("weight-value"), "6.5")
    page.click(tid("weight-apply"))
    wait_until(lambda: text(page, "selected-value") == "6.5")
    s = state(page)
    assert s["weights"][2]["kernel"][0][0] == 6.5
    assert s["step"] == 0  # an edit is not a training step
    assert page.locator(tid("boundary")).screenshot() != picture
    line = page.locator(tid("weight-3-1-1"))
    assert float(line.get_attribute("data-value")) == 6.5
    # a bias: click the neuron
    page.click(tid("neuron-3-1"))
    page.fill(tid("weight-value"), "-2")
    page.click(tid("weight-apply"))
    wait_until(lambda: state(page)["weights"][2]["bias"][0] == -2.0)


def _rows(page):
    """The panel's focused rows, by answer name (rows without one are left out)."""
    rows = page.locator("[data-testid^='explain-row-']")
    named = {rows.nth(i).get_attribute("data-key"): rows.nth(i) for i in range(rows.count())}
    named.pop("", None)
    return named


def test_explain_panel_numbers_equal_gn_explain(page):
    open_page(page, "?learning_rate=0.05&batch_size=4")
    play_until_epoch(page, 2)
    s = state(page)
    xb, yb = np.array(s["next_batch"]["x"]), np.array(s["next_batch"]["y"])
    report = gn.explain(_model(s), xb, yb)
    page.locator(tid("weight-2-3-2")).dispatch_event("click")
    page.wait_for_selector(tid("explain-row-0"))
    rows = _rows(page)
    layer2 = report.steps[1]
    cases = {"dW2[3,2]": layer2.dW[2, 1], "W2_new[3,2]": layer2.W_new[2, 1]}
    for key, expected in cases.items():
        row = rows[key]
        assert float(row.get_attribute("data-value")) == expected
        shown = row.locator(".gs-value").get_attribute("data-text").replace("\u2212", "-")
        assert shown == f"{expected:.4g}"
        assert float(row.locator(".gs-value .katex-mathml annotation").text_content()) == \
            pytest.approx(expected, rel=1e-3)  # KaTeX typeset the number
    delta = page.locator(tid("explain-row-2"))  # z, a, δ: the columns of unit 2
    np.testing.assert_array_equal(json.loads(delta.get_attribute("data-value")),
                                  layer2.dZ[:, 1])
    assert float(page.locator(tid("explain-loss")).get_attribute("data-value")) == report.loss

    # the student's answers: the checker's verdicts
    page.fill("[data-answer='dW2[3,2]']", repr(float(layer2.dW[2, 1])))
    page.fill("[data-answer='W2_new[3,2]']", "12345")
    page.click(tid("check"))
    page.wait_for_function("() => document.querySelector(\"[data-testid='check-summary']\")"
                           ".textContent.length > 0")
    assert page.locator("[data-verdict='dW2[3,2]']").text_content().startswith("right")
    assert page.locator("[data-verdict='W2_new[3,2]']").text_content().startswith("new error")

    # one example: the lab's neuron numbers, equal to gn.explain on that row
    page.select_option(tid("explain-example"), "2")
    page.wait_for_function("() => { const r = document.querySelector(\"[data-testid="
                           "'explain-row-0']\"); return r && r.dataset.key && "
                           "!r.dataset.key.includes('['); }")
    lab = gn.explain(_model(s), xb[1:2], yb[1:2], notation="lab")
    values = {eq.key: eq.value for section in lab.sections for eq in section.equations}
    rows = _rows(page)
    assert rows, "no lab rows"
    for key, row in rows.items():
        assert float(row.get_attribute("data-value")) == pytest.approx(values[key], rel=1e-15)
    assert any(k.startswith("gradw3,") for k in rows)  # the weight's own gradient is there


def test_shared_url_restores_the_configuration(page, browser):
    query = ("?dataset=circles&layers=3-relu,2-tanh&learning_rate=0.1&features=x1,x2,x1x2"
             "&batch_size=5&noise=0.05&optimizer=adam")
    open_page(page, query)
    c = state(page)["config"]
    assert (c["dataset"], c["layers"], c["learning_rate"], c["features"], c["batch_size"],
            c["optimizer"]) == ("circles", [[3, "relu"], [2, "tanh"]], 0.1,
                                ["x1", "x2", "x1x2"], 5, "adam")
    assert page.input_value(tid("dataset")) == "circles"
    assert page.input_value(tid("learning-rate")) == "0.1"
    assert page.locator(tid("feature-x1x2")).is_checked()
    assert page.locator(tid("neuron-1-3")).count() == 1
    assert page.locator(tid("neuron-1-4")).count() == 0
    assert page.locator(tid("neuron-3-1")).count() == 1  # the output unit
    # change a setting on the page: the URL follows, and opens the same set-up elsewhere
    page.fill(tid("learning-rate"), "0.25")
    page.press(tid("learning-rate"), "Tab")
    href = lambda: page.evaluate("location.href")  # noqa: E731
    wait_until(lambda: "learning_rate=0.25" in href())
    page.click(tid("add-layer"))
    wait_until(lambda: "layers=3-relu%2C2-tanh%2C2-tanh" in href())
    shared = href()
    other = browser.new_page()
    try:
        other.goto(shared)
        other.wait_for_selector("[data-ready=true]")
        assert other.input_value(tid("learning-rate")) == "0.25"
        assert other.locator(tid("neuron-3-2")).count() == 1
    finally:
        other.close()
    c = state(page)["config"]
    assert c["learning_rate"] == 0.25 and c["layers"][-1] == [2, "tanh"]


def test_bad_input_is_one_clear_message(page, tmp_path):
    open_page(page)
    message = page.locator(tid("message"))
    assert message.is_hidden()
    page.fill(tid("learning-rate"), "abc")
    page.press(tid("learning-rate"), "Tab")
    page.wait_for_selector(tid("message") + ":visible")
    assert message.text_content() == ("Learning rate must be a number from 0 to 10, but "
                                      "got 'abc'.")
    assert state(page)["config"]["learning_rate"] == 0.03  # the server kept the old one
    for _ in range(2):  # layer 2 has 2 units: down to 0 is impossible
        page.click(tid("units-minus-2"))
    wait_until(lambda: "units" in (message.text_content() or ""))
    assert message.text_content() == ("Hidden layer 2 must have from 1 to 16 units, but got "
                                      "0. Give a whole number of neurons.")
    bad = tmp_path / "wrong.csv"
    bad.write_text("a,b,c,d\n1,2,3,4\n")
    page.set_input_files(tid("csv"), str(bad))
    wait_until(lambda: "wrong.csv" in (message.text_content() or ""))
    assert message.text_content().startswith("wrong.csv has 4 columns (a, b, c, d)")
    # the page is not stuck: a step still trains, and the message goes
    page.click(tid("step"))
    wait_until(lambda: text(page, "step-count") == "1")
    assert message.is_hidden()
    good = tmp_path / "good.csv"
    good.write_text("u,v,label\n" + "\n".join(
        f"{x:.3f},{x * x:.3f},{int(x > 0)}" for x in np.linspace(-1, 1, 30)))
    page.set_input_files(tid("csv"), str(good))
    wait_until(lambda: state(page)["config"]["dataset"] == "csv")
    assert page.input_value(tid("dataset")) == "csv"


def test_page_fetches_nothing_from_outside(page):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_page(page)
    page.locator(tid("weight-1-1-1")).dispatch_event("click")
    page.wait_for_selector(".katex")
    assert requested and all(u.startswith(page.studio_url) or u.startswith("data:")
                             or u.startswith("ws://127.0.0.1") for u in requested), requested


def test_downloads_and_opening_the_model_again(page, tmp_path):
    open_page(page)
    page.click(tid("step"))
    wait_until(lambda: text(page, "step-count") == "1")
    trained = state(page)["weights"]
    files = {}
    for kind in ("model", "markdown", "latex", "png"):
        with page.expect_download() as download:
            page.click(tid(f"export-{kind}"))
        files[kind] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[kind])
    assert files["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert files["markdown"].read_text().startswith("# One training step of a 2-4-2-1")
    assert "\\begin{document}" in files["latex"].read_text()
    model = gn.models.load_model(str(files["model"]))
    np.testing.assert_array_equal(model.get_weights()[0], np.array(trained[0]["kernel"]))
    page.click(tid("reset"))
    wait_until(lambda: text(page, "step-count") == "0")
    assert state(page)["weights"] != trained
    page.set_input_files(tid("open-model"), str(files["model"]))
    wait_until(lambda: state(page)["weights"] == trained)


def test_the_widgets_bundle_runs_the_page_in_a_notebook_like_host(page):
    """The widget's ES module (KaTeX + studio.js + anywidget's render) in Chromium, with
    a stand-in for anywidget's model whose messages go to the server's POST requests."""
    from glassnet.studio.widget import _css, _esm

    open_page(page)  # same origin as the server, for the stand-in's requests
    page.evaluate("""async ([esm, css]) => {
        document.body.innerHTML = "<style>" + css + "</style><div id='cell'></div>";
        const listeners = [];
        const model = {
          on(name, callback) { if (name === "msg:custom") listeners.push(callback); },
          async send(message) {
            const response = await fetch("/api/" + message.method, {method: "POST",
              body: JSON.stringify(message.params)});
            const result = await response.json();
            listeners.forEach((callback) => callback({id: message.id, result}));
          },
        };
        const module = await import(URL.createObjectURL(new Blob([esm],
          {type: "text/javascript"})));
        module.default.render({model, el: document.getElementById("cell")});
    }""", [_esm(), _css()])
    page.wait_for_selector("#cell[data-ready=true]")
    page.click("#cell " + tid("step"))
    wait_until(lambda: page.text_content("#cell " + tid("step-count")) == "1")
    assert state(page)["step"] == 1
    page.locator("#cell " + tid("weight-1-1-1")).dispatch_event("click")
    page.wait_for_selector("#cell .katex")  # the bundled KaTeX typesets the panel
