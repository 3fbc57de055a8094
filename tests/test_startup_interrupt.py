"""Ctrl-C while the `glassnet` command starts or imports lazily: status 130, one line.

Real processes get a real SIGINT while a real import is in progress: an import hook
(installed before the entry point runs) announces the import named and then waits,
so the signal lands inside it every time, not by luck of timing (issue 15).
"""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

ROOT = Path(__file__).resolve().parents[1]

# Before the entry point runs: when MODULE is first imported, say so and wait (with
# CONVERT, turn the KeyboardInterrupt into an ImportError, as NumPy's import does).
SLOW_IMPORT = """
import sys, time
class Slow:
    def find_spec(self, name, path=None, target=None):
        if name == {module!r}:
            sys.meta_path.remove(self)
            print("importing", name, flush=True)
            try:
                time.sleep(60)
            except KeyboardInterrupt:
                if {convert!r}:
                    raise ImportError("could not import " + name) from None
                raise
        return None
sys.meta_path.insert(0, Slow())
sys.argv = ["glassnet", *{args!r}]
import glassnet_console
sys.exit(glassnet_console.main())
"""


def environment():
    return dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), MPLBACKEND="Agg")


def interrupted_while_importing(module, args, convert=False):
    program = SLOW_IMPORT.format(module=module, args=list(args), convert=convert)
    process = subprocess.Popen(
        [sys.executable, "-c", program],
        env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.strip() == f"importing {module}", (line, process.communicate())
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return process.returncode, err


def assert_one_clean_line(code, err):
    assert code == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert len(err.strip().splitlines()) == 1, err


# "datetime": NumPy's C code imports it and turns the KeyboardInterrupt into an
# ImportError ("PyCapsule_Import could not import module"): exit 1 before the fix
@pytest.mark.parametrize("module", ["numpy", "datetime", "click", "glassnet.cli"])
def test_ctrl_c_during_start_up_is_one_line_and_status_130(module):
    code, err = interrupted_while_importing(module, ["datasets"])
    assert_one_clean_line(code, err)
    assert "starting" in err


@pytest.mark.parametrize("convert", [False, True])
def test_ctrl_c_during_a_lazy_import_inside_a_command_is_one_line(tmp_path, convert):
    code, err = interrupted_while_importing("rich.console", ["datasets"], convert)
    assert_one_clean_line(code, err)
    data = tmp_path / "d.csv"
    data.write_text("a,b,label\n" + "".join(f"{i},{i % 3},{i % 2}\n" for i in range(30)))
    code, err = interrupted_while_importing(
        "pandas", ["train", str(data), "-t", "label", "--out", str(tmp_path / "run")],
        convert)  # True: exit 1 "failed unexpectedly (ImportError ...)" before the fix
    assert_one_clean_line(code, err)
    assert "nothing was written" in err
    assert not (tmp_path / "run").exists()


def test_ctrl_c_at_random_moments_of_start_up():
    """Interrupted by timing alone, from the moment the script's first line (importing
    the entry point) has run (before it, the interpreter itself is starting: no Python
    code can catch a signal there) until the process exits: never a traceback."""
    rng = random.Random(15)
    program = ("import sys, glassnet_console; print('started', flush=True); sys.argv = "
               "['glassnet', 'datasets']; sys.exit(glassnet_console.main())")
    whole = subprocess.run([sys.executable, "-c", program], env=environment(),
                           capture_output=True, text=True, check=True).stdout
    for _ in range(8):
        process = subprocess.Popen([sys.executable, "-c", program], env=environment(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0.0, 0.6))
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        if "started\n" + out == whole and not err and process.returncode == 0:
            continue  # it had finished: a Ctrl-C while the script exits is ignored
        assert_one_clean_line(process.returncode, err)


def test_the_installed_script_runs_the_tiny_entry_point():
    scripts = (ROOT / "pyproject.toml").read_text().split("[project.scripts]")[1]
    assert scripts.split("\n")[1].startswith('glassnet = "glassnet_console:main"')
    source = (ROOT / "src" / "glassnet_console.py").read_text()
    imports = [line for line in source.splitlines()
               if line.startswith(("import ", "from "))]
    assert imports == ["import sys"]  # nothing heavy before the handling
    assert "    import _signal as signals  #" in source  # built in: no import time
