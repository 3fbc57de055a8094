"""`glassnet train --out DIR` stopped at the worst moments, in real processes (issue 15).

After any catchable signal the folder is the complete old run and no temporary file
is left; after SIGKILL the next run removes what was left (or puts the old folder
back). A run's folder never mixes old and new files, nor keeps an old run's plots.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from glassnet.cli._output import OutputFolder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

MAIN = "import sys; from glassnet.cli import main; sys.argv[0] = 'glassnet'; main()"
# the same, where the file system cannot exchange two folders in one step
TWO_RENAMES = ("import sys; import glassnet.cli._output as o; o._exchange = lambda a, b: "
               "False; from glassnet.cli import main; sys.argv[0] = 'glassnet'; main()")
# the same, where a library swallows the signal and raises another error in its place:
# SIGTERM arrives while matplotlib is imported for the plots, and the import fails
SWALLOWED = ("import os, signal, sys\n"
             "class Swallowing:\n"
             "    def find_spec(self, name, path=None, target=None):\n"
             "        if name == 'matplotlib.pyplot':\n"
             "            try:\n"
             "                os.kill(os.getpid(), signal.SIGTERM)\n"
             "            except KeyboardInterrupt as error:\n"
             "                raise ImportError('interrupted') from error\n"
             "sys.meta_path.insert(0, Swallowing())\n" + MAIN)


def points_csv(path, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(60, 3))
    lines = ["a,b,c,label"] + [f"{a:.4f},{b:.4f},{c:.4f},{'yes' if a + b > 0 else 'no'}"
                               for a, b, c in X]
    path.write_text("\n".join(lines) + "\n")
    return path


def snapshot(folder):
    """{name: bytes} of a folder's files (and a marker for sub-folders)."""
    return {name: (folder / name).read_bytes() if (folder / name).is_file() else "dir"
            for name in sorted(os.listdir(folder))}


def leftovers(parent):
    return [name for name in os.listdir(parent) if name.startswith(".glassnet-")]


def start(args, pause=None, program=MAIN):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), MPLBACKEND="Agg")
    env.pop("GLASSNET_TEST_PAUSE", None)
    if pause:
        env["GLASSNET_TEST_PAUSE"] = pause
    return subprocess.Popen([sys.executable, "-c", program, *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_pause(process, point):
    line = process.stderr.readline()
    while line and f"paused at {point}" not in line:
        line = process.stderr.readline()
    assert line, f"the run ended without pausing at {point}"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A folder with a complete earlier run, a stale plot and the user's own file."""
    folder = tmp_path_factory.mktemp("first")
    data = points_csv(folder / "points.csv", 0)
    out = folder / "run"
    done = start(["train", data, "--epochs", "1", "--out", out])
    assert done.wait(timeout=300) == 0, done.stderr.read()
    (out / "decision_boundary.png").write_bytes(b"plot of an older 2-D run")
    (out / "notes.txt").write_text("the user's own notes")
    return data, out


@pytest.fixture
def old_run(first_run, tmp_path):
    data, template = first_run
    out = tmp_path / "run"
    shutil.copytree(template, out)
    return data, out, snapshot(out)


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143),
                                          (signal.SIGHUP, 129)])
def test_a_signal_just_before_the_swap_keeps_the_old_run_whole(old_run, signum, code):
    data, out, before = old_run
    process = start(["train", data, "--epochs", "2", "--seed", "1", "--out", out], "swap")
    wait_for_pause(process, "swap")
    process.send_signal(signum)
    assert process.wait(timeout=60) == code
    assert "nothing was written or overwritten" in process.stderr.read()
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def test_a_new_run_replaces_the_whole_folder_and_keeps_the_users_files(old_run):
    data, out, before = old_run
    process = start(["train", data, "--epochs", "2", "--seed", "1", "--out", out])
    assert process.wait(timeout=120) == 0, process.stderr.read()
    after = snapshot(out)
    # 3 features: no decision boundary this time, so the old 2-D plot must be gone
    assert sorted(after) == ["confusion_matrix.png", "history.csv", "history.json",
                             "history.png", "metrics.json", "model.glassnet", "notes.txt",
                             "roc_pr.png"]
    assert after["notes.txt"] == before["notes.txt"]
    assert after["model.glassnet"] != before["model.glassnet"]
    assert leftovers(out.parent) == []


def test_a_signal_a_library_swallowed_still_keeps_the_old_run(old_run):
    # the plots would be skipped ("matplotlib is not available"); the run must not be
    # swapped in without them
    data, out, before = old_run
    process = start(["train", data, "--epochs", "2", "--seed", "1", "--out", out],
                    program=SWALLOWED)
    assert process.wait(timeout=120) == 143
    assert "Stopped by SIGTERM: nothing was written or overwritten" in process.stderr.read()
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


@pytest.mark.parametrize("program, point", [(MAIN, "swap"), (TWO_RENAMES, "swap"),
                                            (TWO_RENAMES, "between-renames")])
def test_after_sigkill_the_next_run_cleans_up_or_restores(old_run, program, point):
    data, out, before = old_run
    process = start(["train", data, "--epochs", "2", "--out", out], point, program)
    wait_for_pause(process, point)
    process.kill()
    process.wait(timeout=60)
    assert leftovers(out.parent)  # SIGKILL cannot be caught: something is left
    with OutputFolder(out):  # what the next run does first
        pass
    assert snapshot(out) == before
    assert leftovers(out.parent) == []


def test_signals_at_random_moments_leave_the_old_or_the_new_run(old_run):
    data, out, before = old_run
    rng = random.Random(15)
    seen = set()
    for trial in range(4):  # bounded: each trial is one short training run
        previous = snapshot(out)
        process = start(["train", data, "--epochs", "2", "--seed", str(trial), "--out", out])
        time.sleep(rng.uniform(1.0, 6.0))
        signum = rng.choice([signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
        process.send_signal(signum)
        process.wait(timeout=120)
        if signum == signal.SIGKILL:
            with OutputFolder(out):
                pass
        assert leftovers(out.parent) == []
        now = snapshot(out)
        assert now["notes.txt"] == before["notes.txt"]
        if now == previous:
            seen.add("old")
            continue
        seen.add("new")  # a complete new run: every file of a 3-feature run, no old plot
        assert sorted(now) == ["confusion_matrix.png", "history.csv", "history.json",
                               "history.png", "metrics.json", "model.glassnet", "notes.txt",
                               "roc_pr.png"]
        assert now["model.glassnet"] != previous["model.glassnet"]
    assert seen  # (which outcomes happen depends on the machine's speed)
