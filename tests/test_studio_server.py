"""glassnet studio without a browser: the session, the requests, the server, the widget.

The oracles are independent of the studio's code: finite differences of the model's
loss, the SGD update written out, glassnet's predict on the grid, numbers by hand.
"""

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

import glassnet as gn
from glassnet.studio import config as cfg
from glassnet.studio.api import handle
from glassnet.studio.frames import encode
from glassnet.studio.session import Session

# starlette asks for its own httpx fork in TestClient; the httpx it has works the same
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def client(session=None):
    from starlette.testclient import TestClient

    from glassnet.studio.server import create_app

    return TestClient(create_app(session or Session()), base_url="http://127.0.0.1")


# --- configuration -------------------------------------------------------------------

@pytest.mark.parametrize("values, words", [
    ({"learning_rate": "abc"}, ["learning rate", "'abc'"]),
    ({"learning_rate": 0}, ["learning rate", "above 0"]),
    ({"layers": [[0, "tanh"]]}, ["1 to 16 units", "0"]),
    ({"layers": [[4, "sigmoidd"]]}, ["activation", "sigmoidd"]),
    ({"dataset": "mooons"}, ["dataset", "mooons"]),
    ({"features": []}, ["at least one input"]),
    ({"batch_size": 2.5}, ["batch size", "whole number"]),
])
def test_bad_settings_are_one_clear_sentence(values, words):
    with pytest.raises(ValueError) as error:
        cfg.parse(values)
    for word in words:
        assert word in str(error.value)


def test_url_form_round_trips():
    config = cfg.parse({"layers": [[3, "relu"], [2, "tanh"]], "features": ["x1x2", "x1"],
                        "learning_rate": 0.1})
    query = cfg.to_query(config)
    assert query["layers"] == "3-relu,2-tanh" and query["features"] == "x1,x1x2"
    assert cfg.parse(cfg.from_query(query)) == config


# --- the session ---------------------------------------------------------------------

def test_step_trains_exactly_one_batch_with_the_sgd_update():
    s = Session({"learning_rate": 0.1, "batch_size": 7})
    rows, xb, yb = s.next_batch()
    assert len(rows) == 7
    W_before = s.model.layers[0].params["kernel"].copy()
    explained = gn.explain(s.model, xb, yb)
    s.step()
    assert s.step_count == 1 and s.epoch_count == 0
    dW = explained.steps[0].dW
    # SGD by hand: W <- W - lr dW
    np.testing.assert_allclose(s.model.layers[0].params["kernel"], W_before - 0.1 * dW,
                               rtol=1e-12, atol=1e-15)


def test_epoch_runs_every_batch_once_and_training_lowers_the_loss():
    s = Session({"learning_rate": 0.1, "points": 100, "test_split": 0.2})
    n_train = len(s.train_rows)
    assert n_train == 80 and s.batches_per_epoch == 8
    first = s.train_loss
    s.epoch()
    assert (s.epoch_count, s.step_count) == (1, 8)
    for _ in range(30):
        s.epoch()
    assert s.train_loss < 0.6 * first
    assert s.history["step"][-1] == 31 * 8


def test_explained_gradient_is_the_numerical_derivative_of_the_batch_loss():
    from glassnet.studio.maths import worked_step

    s = Session({"layers": [[3, "tanh"]], "l2": 0.01})
    rows, xb, yb = s.next_batch()
    panel = worked_step(s.model, xb, yb, {"kind": "weight", "layer": 1, "source": 2,
                                           "unit": 3})
    dW = next(r for r in panel["rows"] if r["key"] == "dW1[2,3]")["value"]
    W = s.model.layers[0].params["kernel"]
    h, losses = 1e-6, []
    for sign in (1, -1):
        W[1, 2] += sign * h
        losses.append(s.model.test_on_batch(xb, yb))  # loss + L2 penalty
        W[1, 2] -= sign * h
    assert dW == pytest.approx((losses[0] - losses[1]) / (2 * h), rel=1e-5)
    new = next(r for r in panel["rows"] if r["key"] == "W1_new[2,3]")["value"]
    assert new == pytest.approx(W[1, 2] - 0.03 * dW, rel=1e-12)


def test_set_weight_changes_the_model_and_the_surface():
    s = Session()
    before = s.surfaces()[-1].copy()
    s.set_weight(3, 1, 1, 4.0)
    assert s.model.layers[2].params["kernel"][0, 0] == 4.0
    s.set_weight(3, 0, 1, -1.5)  # source 0: the bias
    assert s.model.layers[2].params["bias"][0] == -1.5
    after = s.surfaces()[-1]
    # the surface is the model's prediction on the grid
    np.testing.assert_allclose(after, s.model.predict(s.grid_points(), verbose=0), rtol=1e-12)
    assert not np.allclose(before, after)
    with pytest.raises(ValueError, match="finite number"):
        s.set_weight(3, 1, 1, "abc")
    with pytest.raises(ValueError, match="units 1..2"):
        s.set_weight(3, 5, 1, 1.0)


def test_surface_bytes_are_the_predictions_scaled_to_0_255():
    # by hand: -1 -> 0, 0 -> 127.5 -> 128 (half to even), 1 -> 255, 0.5 -> 191.25 -> 191
    assert list(base64.b64decode(encode(np.array([-1.0, 0.0, 1.0, 0.5]), 1.0))) == \
        [0, 128, 255, 191]
    s = Session()
    frame = handle(s, "frame")
    output = np.frombuffer(base64.b64decode(frame["surface"]["output"]), np.uint8)
    p = s.model.predict(s.grid_points(), verbose=0)[:, 0]
    np.testing.assert_array_equal(output, np.round(255 * p))  # 255 (2p - 1 + 1) / 2


def test_feature_crosses_are_the_network_inputs():
    s = Session({"features": ["x1", "x1x2", "sin_x2"]})
    P = s.P
    np.testing.assert_allclose(s.X, np.column_stack([P[:, 0], P[:, 0] * P[:, 1],
                                                     np.sin(P[:, 1])]))
    assert s.model.layers[0].params["kernel"].shape == (3, 4)


def test_data_changes_restart_and_training_changes_keep_the_weights():
    s = Session()
    s.epoch()
    weights = s.model.get_weights()
    s.configure({"learning_rate": 0.5, "l2": 0.001})
    assert s.epoch_count == 1
    for a, b in zip(weights, s.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    s.configure({"dataset": "circles"})
    assert s.epoch_count == 0 and s.step_count == 0


# --- the requests and the server -----------------------------------------------------

def test_api_state_has_the_contract_fields():
    with client() as c:
        state = c.get("/api/state").json()
    for key in ("epoch", "step", "train_loss", "test_loss", "weights"):
        assert key in state
    assert len(state["weights"]) == 3 and len(state["weights"][0]["kernel"]) == 2


def test_post_step_and_epoch():
    with client() as c:
        step0 = c.get("/api/state").json()
        assert c.post("/api/step").json()["step"] == step0["step"] + 1
        epoch = c.post("/api/epoch").json()
        assert epoch["epoch"] == 1 and epoch["step"] == step0["batches_per_epoch"]
        assert c.get("/api/state").json()["step"] == epoch["step"]


def test_bad_requests_are_clear_messages_not_tracebacks():
    with client() as c:
        r = c.post("/api/configure", json={"config": {"learning_rate": "abc"}})
        assert r.status_code == 400
        assert r.json() == {"error": "Learning rate must be a number from 0 to 10, but got "
                                     "'abc'."}
        r = c.post("/api/configure", content=b"{not json")
        assert r.status_code == 400 and "JSON" in r.json()["error"]
        r = c.post("/api/teleport", json={})
        assert "unknown request 'teleport'" in r.json()["error"]
        r = c.post("/api/upload_csv", json={"text": "a,b\n1,2\n3,4\n", "name": "two.csv"})
        assert "two.csv has 2 columns (a, b)" in r.json()["error"]
        r = c.post("/api/upload_csv", json={"text": "a,b,c\n1,x,0\n3,4,1\n1,1,0\n2,2,1\n"})
        assert "column 'b' must hold numbers, but row 2 has 'x'" in r.json()["error"]
        r = c.post("/api/upload_csv", json={"text": "a,b,c\n1,2,0\n3,4,1\n1,1,2\n2,2,1\n"})
        assert "exactly two classes" in r.json()["error"]
        r = c.post("/api/set_weight", json={"layer": 9, "source": 1, "unit": 1, "value": 1})
        assert r.json()["error"] == "Layer must be from 1 to 3, but got 9."
        r = c.post("/api/open_model", json={"base64": base64.b64encode(b"junk").decode()})
        assert "is not a glassnet model file" in r.json()["error"]
        assert c.get("/api/state").json()["step"] == 0  # nothing changed


def test_csv_upload_trains_on_the_file():
    rows = "\n".join(f"{x},{-x},{'yes' if x > 0 else 'no'}" for x in np.linspace(-1, 1, 20))
    with client() as c:
        frame = c.post("/api/upload_csv", json={"text": "u,v,label\n" + rows}).json()
    assert frame["config"]["dataset"] == "csv"
    assert len(frame["points"]["train"]) + len(frame["points"]["test"]) == 20
    labels = {p[0] > 0: p[2] for p in frame["points"]["train"]}
    assert labels == {True: 1, False: 0}  # 'yes' sorts after 'no'


def test_exports_model_markdown_latex_png(tmp_path):
    with client() as c:
        c.post("/api/epoch")
        state = c.get("/api/state").json()
        r = c.get("/api/export/model")
        assert r.status_code == 200
        path = tmp_path / "m.glassnet"
        path.write_bytes(r.content)
        model = gn.models.load_model(str(path))
        np.testing.assert_array_equal(model.layers[0].get_weights()[0],
                                      np.array(state["weights"][0]["kernel"]))
        md = c.get("/api/export/markdown").text
        assert md.startswith("# One training step of a 2-4-2-1 network (m = 10 examples")
        tex = c.get("/api/export/latex").text
        assert "\\begin{document}" in tex
        png = c.get("/api/export/png").content
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        # open the exported model again: same weights, epoch 0
        opened = c.post("/api/open_model", json={"base64": base64.b64encode(
            path.read_bytes()).decode(), "name": "m.glassnet"}).json()
        assert opened["weights"] == state["weights"] and opened["epoch"] == 0


def test_open_model_needs_two_inputs_and_one_sigmoid_output(tmp_path):
    model = gn.Sequential([gn.layers.Dense(2, input_shape=(3,)),
                           gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    model.save(str(tmp_path / "three.glassnet"))
    data = base64.b64encode((tmp_path / "three.glassnet").read_bytes()).decode()
    with client() as c:
        error = c.post("/api/open_model", json={"base64": data}).json()["error"]
    assert error == ("The studio opens models with 2 inputs (x1, x2) and 1 output unit, but "
                     "this one has 3 inputs and 1 output units.")


def test_check_gives_the_checkers_verdicts():
    s = Session()
    rows, xb, yb = s.next_batch()
    dW = gn.explain(s.model, xb, yb).steps[1].dW[0, 1]
    result = handle(s, "check", {"answers": {"dW2[1,2]": dW, "W2_new[1,2]": 123.0}})
    status = {v["key"]: v["status"] for v in result["verdicts"]}
    assert status == {"dW2[1,2]": "right", "W2_new[1,2]": "new error"}
    assert "must be a number" in handle(s, "check", {"answers": {"dW2[1,2]": "x"}})["error"]
    # a whole matrix, typed as JSON rows (Keras orientation: W2 is 4 x 2)
    dW2 = gn.explain(s.model, xb, yb).steps[1].dW
    wrong = dW2.copy()
    wrong[0, 0] += 1.0
    result = handle(s, "check", {"answers": {"dW2": json.dumps(dW2.tolist())}})
    assert [v["status"] for v in result["verdicts"]] == ["right"]
    result = handle(s, "check", {"answers": {"dW2": json.dumps(wrong.tolist())}})
    assert [v["status"] for v in result["verdicts"]] == ["new error"]


def test_websocket_channel_and_foreign_origins():
    from starlette.websockets import WebSocketDisconnect

    with client() as c:
        ws_url = "ws://127.0.0.1/ws"
        with c.websocket_connect(ws_url, headers={"origin": "http://127.0.0.1:5000"}) as ws:
            ws.send_text(json.dumps({"id": 7, "method": "step", "params": {}}))
            reply = json.loads(ws.receive_text())
            assert reply["id"] == 7 and reply["result"]["step"] == 1
            ws.send_text("nonsense")
            assert "must be JSON" in json.loads(ws.receive_text())["result"]["error"]
        with pytest.raises(WebSocketDisconnect):
            with c.websocket_connect(ws_url, headers={"origin": "http://evil.example"}) as ws:
                ws.receive_text()


def test_only_this_machine_is_served():
    from starlette.testclient import TestClient

    from glassnet.studio.server import bind, create_app

    other = TestClient(create_app(Session()), base_url="http://studio.example.com")
    assert other.get("/api/state").status_code == 400  # Host header not loopback
    sock = bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
        with pytest.raises(ValueError, match="Cannot listen on 127.0.0.1"):
            bind(sock.getsockname()[1])
        try:  # this machine's other addresses, where it has any
            addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None,
                                                             socket.AF_INET)}
        except socket.gaierror:
            addresses = set()
        for address in addresses - {"127.0.0.1", "127.0.1.1"}:
            with pytest.raises(OSError):
                socket.create_connection((address, sock.getsockname()[1]), timeout=1)
    finally:
        sock.close()


def test_command_prints_the_address_serves_and_stops_on_ctrl_c():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from glassnet.cli import main; main()", "studio",
         "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        assert line.startswith("glassnet studio: http://127.0.0.1:")
        url = line.split()[2]
        import httpx

        for _ in range(100):
            try:
                state = httpx.get(url + "api/state", timeout=2).json()
                break
            except httpx.TransportError:
                time.sleep(0.05)
        assert state["step"] == 0
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
        assert process.returncode == 0, err
        assert "stopped" in out and "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()


def test_command_with_a_taken_port_says_so():
    from click.testing import CliRunner

    from glassnet.cli import cli
    from glassnet.studio.server import bind

    sock = bind(0)
    try:
        result = CliRunner().invoke(cli, ["studio", "--no-browser", "--port",
                                          str(sock.getsockname()[1])])
    finally:
        sock.close()
    assert result.exit_code == 2
    assert "Cannot listen on 127.0.0.1:" in result.output and "Traceback" not in result.output


# --- the notebook widget -----------------------------------------------------------------

def test_widget_answers_the_pages_messages():
    X, y = gn.datasets.make_moons(60, noise=0.1, seed=1)
    model = gn.Sequential([gn.layers.Dense(3, activation="relu", input_shape=(2,)),
                           gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=gn.optimizers.Adam(0.01), loss="binary_crossentropy")
    widget = gn.studio(model, X, y)
    assert "mountStudio" in widget._esm and "export default" in widget._esm
    assert "data:font/woff2;base64," in widget._css
    c = widget.session.config
    assert (c["layers"], c["optimizer"], c["learning_rate"]) == ([[3, "relu"]], "adam", 0.01)
    np.testing.assert_array_equal(widget.session.model.get_weights()[0],
                                  model.get_weights()[0])
    sent = []
    widget.send = sent.append
    widget._handle_custom_msg({"id": 1, "method": "step", "params": {}}, [])
    widget._handle_custom_msg({"id": 2, "method": "configure",
                               "params": {"config": {"learning_rate": "abc"}}}, [])
    assert sent[0]["id"] == 1 and sent[0]["result"]["step"] == 1
    assert sent[1] == {"id": 2, "result": {"error": "Learning rate must be a number from 0 "
                                                     "to 10, but got 'abc'."}}
    with pytest.raises(ValueError, match="2 columns"):
        gn.studio(model, X[:, :1], y)


def test_a_bug_in_a_request_is_a_message_not_a_hang(monkeypatch, capsys):
    from glassnet.studio import api

    def broken(session, params):
        return 1 / 0

    monkeypatch.setitem(api.METHODS, "step", broken)
    result = handle(Session(), "step")
    assert result["error"].startswith("The studio could not do 'step' (ZeroDivisionError")
    assert "Traceback" not in capsys.readouterr().err


def test_a_new_batch_size_starts_the_epochs_batches_again():
    s = Session({"batch_size": 10})
    s.step()
    s.step()
    s.configure({"batch_size": 25})
    assert (s.batch_in_epoch, s.batch_size, s.step_count) == (0, 25, 2)
    rows, xb, _ = s.next_batch()
    assert len(rows) == 25 and len(set(rows.tolist())) == 25


def test_serve_prints_the_address_and_opens_the_browser(monkeypatch):
    import webbrowser

    import uvicorn

    from glassnet.studio import server

    ran, opened, printed = [], [], []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets: ran.append(
        sockets[0].getsockname()))
    monkeypatch.setattr(webbrowser, "open", opened.append)
    server.serve(port=0, open_browser=True, echo=printed.append)
    for _ in range(100):
        if opened:
            break
        time.sleep(0.02)
    host, port = ran[0]
    assert host == "127.0.0.1"
    assert printed == [f"glassnet studio: http://127.0.0.1:{port}/  (Ctrl-C stops it)",
                       "glassnet studio stopped."]
    assert opened == [f"http://127.0.0.1:{port}/"]
