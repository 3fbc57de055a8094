"""glassnet studio's speed: epochs per second while every frame's surfaces are recomputed.

The network of issue 17: 2-8-8-1 (tanh, tanh, sigmoid), binary cross-entropy, SGD,
batch 10, on 400 training points (moons, 500 points with a test share of 0.2: the
test loss is computed every frame too). One "frame" is what the page asks for while it
plays: one epoch (40 batches of ``train_on_batch``), the train and test losses, every
unit's surface on the 40 x 40 lattice (the engine's forward pass, layer by layer), and
the frame encoded as JSON.

    python benchmarks/studio_speed.py                # the three measurements below
    python benchmarks/studio_speed.py --only engine  # engine, socket, browser

- ``engine``: the session's epoch + frame + JSON in a loop, in this process; also per
  second of CPU time (what one core does when the machine's other jobs take turns).
- ``socket``: the same requests over the real WebSocket to a uvicorn server on
  127.0.0.1 (a Python client in this process; the transfer and decoding included).
- ``browser``: the page itself in headless Chromium, playing: it asks for an epoch,
  redraws the decision surface, every neuron's heat map, the weights and the curve,
  waits for the next animation frame, and asks again. Epochs counted over the run; also
  per second of the CPU time used by this process and Chromium's (with psutil).

Everything runs on one core: BLAS on one thread (threadpoolctl) and this process
(and the Chromium it starts) pinned to CPU 0 with ``sched_setaffinity``.
"""

import argparse
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

CONFIG = {"dataset": "moons", "points": 500, "test_split": 0.2, "noise": 0.1,
          "layers": [[8, "tanh"], [8, "tanh"]], "learning_rate": 0.03, "batch_size": 10}
QUERY = ("?dataset=moons&points=500&test_split=0.2&noise=0.1&layers=8-tanh,8-tanh"
         "&learning_rate=0.03&batch_size=10")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def one_core():
    """Pin this process (and what it starts) to CPU 0, BLAS to one thread."""
    from threadpoolctl import threadpool_limits

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    return threadpool_limits(limits=1)


def engine(epochs, repeats):
    from glassnet.studio.api import handle, to_json
    from glassnet.studio.session import Session

    wall, cpu = [], []
    for _ in range(repeats):
        session = Session(CONFIG)
        assert len(session.train_rows) == 400 and session.batches_per_epoch == 40
        to_json(handle(session, "epoch"))  # warm-up
        start, start_cpu = time.perf_counter(), time.process_time()
        for _ in range(epochs):
            to_json(handle(session, "epoch"))
        wall.append(epochs / (time.perf_counter() - start))
        cpu.append(epochs / (time.process_time() - start_cpu))
    return wall, cpu, session.train_loss


def _server():
    from glassnet.studio.server import make_server
    from glassnet.studio.session import Session

    server, sock, url = make_server(Session(CONFIG))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return server, thread, url


def socket_rates(epochs, repeats):
    import asyncio

    import websockets

    server, thread, url = _server()

    async def run():
        rates = []
        async with websockets.connect(url.replace("http", "ws") + "ws",
                                      max_size=None) as ws:
            for r in range(repeats + 1):
                start = time.perf_counter()
                for i in range(epochs):
                    await ws.send(json.dumps({"id": i, "method": "epoch", "params": {}}))
                    json.loads(await ws.recv())
                if r:  # the first round is the warm-up
                    rates.append(epochs / (time.perf_counter() - start))
        return rates

    try:
        return asyncio.run(run())
    finally:
        server.should_exit = True
        thread.join(10)


def cpu_seconds():
    """CPU time of this process and every process it started (Chromium's), or None."""
    try:
        import psutil
    except ImportError:
        return None
    total = 0.0
    me = psutil.Process()
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def browser_rates(seconds, repeats):
    from playwright.sync_api import sync_playwright

    server, thread, url = _server()
    rates, cpu_rates = [], []
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=CHROMIUM_ARGS)
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + QUERY)
            page.wait_for_selector("[data-ready=true]")
            for r in range(repeats + 1):
                start_epoch = int(page.text_content("[data-testid=epoch]"))
                start_cpu = cpu_seconds()
                page.click("[data-testid=play]")
                start = time.perf_counter()
                time.sleep(seconds)
                page.click("[data-testid=pause]")
                page.wait_for_selector("#studio:not([data-running])", state="attached")
                elapsed = time.perf_counter() - start
                done = int(page.text_content("[data-testid=epoch]")) - start_epoch
                if r:
                    rates.append(done / elapsed)
                    if start_cpu is not None:
                        cpu_rates.append(done / (cpu_seconds() - start_cpu))
            chromium.close()
    finally:
        server.should_exit = True
        thread.join(10)
    return rates, cpu_rates


def line(name, rates):
    return (f"| {name} | {max(rates):.1f} | {statistics.median(rates):.1f} | "
            f"{len(rates)} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=["engine", "socket", "browser"],
                        default=["engine", "socket", "browser"])
    parser.add_argument("--epochs", type=int, default=40, help="epochs per repeat")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0,
                        help="seconds of play per browser repeat")
    args = parser.parse_args()
    limits = one_core()
    print(f"load average before: {os.getloadavg()[0]:.2f}; CPUs allowed: "
          f"{sorted(os.sched_getaffinity(0))}; BLAS threads limited to 1")
    print("| measurement | best epochs/s | median epochs/s | repeats |")
    print("|---|---|---|---|")
    if "engine" in args.only:
        wall, cpu, loss = engine(args.epochs, args.repeats)
        print(line("engine: epoch + surfaces + JSON, in process (wall clock)", wall))
        print(line("the same, per second of this process's CPU time", cpu), flush=True)
        print(f"(train loss after {args.epochs + 1} epochs: {loss:.3f})")
    if "socket" in args.only:
        print(line("over the WebSocket (uvicorn, Python client)",
                   socket_rates(args.epochs, args.repeats)), flush=True)
    if "browser" in args.only:
        wall, cpu = browser_rates(args.seconds, args.repeats)
        print(line("the page playing in headless Chromium (redraws every frame)", wall))
        if cpu:
            print(line("the same, per second of CPU time of the server and Chromium", cpu))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    del limits


if __name__ == "__main__":
    main()
