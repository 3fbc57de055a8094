"""The studio widget in a real JupyterLab: a notebook cell runs ``gn.studio(model, X, y)``,
Debian's Chromium (headless, Playwright) shows it, and the page's buttons reach the
notebook's own kernel over Jupyter's comms.

The kernel is read independently of the page: the test connects its own client to the
notebook's kernel (jupyter_client, through the connection file in a private runtime
folder) and asks it for the session's step counter and weights.
"""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import nbformat
import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "glassnet-test-token"
SRC = str(Path(__file__).resolve().parents[1] / "src")

CELL = """\
import numpy as np
import glassnet as gn

rng = np.random.default_rng(0)
X = rng.normal(size=(40, 2))
y = (X[:, 0] * X[:, 1] > 0).astype(float).reshape(-1, 1)
model = gn.Sequential([gn.layers.Input((2,)), gn.layers.Dense(3, "tanh"),
                       gn.layers.Dense(1, "sigmoid")])
w = gn.studio(model, X, y, batch_size=8, learning_rate=0.5)
w
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=60.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 over a folder holding the notebook."""
    root = tmp_path_factory.mktemp("lab")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(CELL)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}  # starts without asking
    nbformat.write(notebook, root / "studio.ipynb")
    runtime = root / ".runtime"
    port = free_port()
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
               JUPYTER_RUNTIME_DIR=str(runtime), JUPYTER_CONFIG_DIR=str(root / ".config"))
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return httpx.get(url + "/api/status", params={"token": TOKEN},
                             timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(up, 90, "JupyterLab to start")
        yield {"url": url, "runtime": runtime}
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def kernel_value(lab, expression):
    """``expression`` evaluated in the notebook's kernel, read as JSON by our own client."""
    from jupyter_client import BlockingKernelClient

    sessions = httpx.get(lab["url"] + "/api/sessions", params={"token": TOKEN}).json()
    kernel_id = sessions[0]["kernel"]["id"]
    client = BlockingKernelClient(connection_file=str(lab["runtime"] / f"kernel-{kernel_id}.json"))
    client.load_connection_file()
    client.start_channels()
    try:
        reply = client.execute_interactive(f"import json; print(json.dumps({expression}))",
                                           timeout=60, output_hook=_collect(out := []))
        assert reply["content"]["status"] == "ok", reply["content"]
        return json.loads("".join(out))
    finally:
        client.stop_channels()


def _collect(out):
    def hook(message):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])
    return hook


def test_the_studio_widget_runs_in_jupyterlab_on_the_notebooks_kernel(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        page.goto(f"{lab['url']}/lab/tree/studio.ipynb?token={TOKEN}")
        page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget"
                               " && window.jupyterapp.shell.currentWidget.sessionContext"
                               " && window.jupyterapp.shell.currentWidget.sessionContext"
                               ".session && window.jupyterapp.shell.currentWidget"
                               ".sessionContext.session.kernel", timeout=120_000)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        widget = ".glassnet-studio[data-ready=true]"
        page.wait_for_selector(widget, timeout=120_000)

        # Step: exactly one batch, in the notebook's kernel
        page.click(f"{widget} [data-testid='step']")
        wait_until(lambda: page.text_content(f"{widget} [data-testid='step-count']") == "1",
                   what="the page's step counter")
        assert kernel_value(lab, "w.session.step_count") == 1
        kernel_w = kernel_value(lab, "w.session.model.get_weights()[0].tolist()")
        line = page.locator(f"{widget} [data-testid='weight-1-1-1']")
        assert float(line.get_attribute("data-value")) == pytest.approx(kernel_w[0][0],
                                                                         rel=1e-12)

        # An edit on the page changes the kernel's model
        line.dispatch_event("click")
        page.fill(f"{widget} [data-testid='weight-value']", "1.25")
        page.click(f"{widget} [data-testid='weight-apply']")
        wait_until(lambda: kernel_value(lab, "float(w.session.model.get_weights()[0][0, 0])")
                   == 1.25, what="the kernel's weight to change")

        # The maths panel, typeset by the widget's own KaTeX
        page.click(f"{widget} [data-testid='pause']")
        line.dispatch_event("click")
        page.wait_for_selector(f"{widget} [data-testid='explain'] .katex", timeout=30_000)
        browser.close()
    assert not errors, errors
