"""The built wheel works on its own: installed into a fresh virtualenv, run from a folder outside the repository.

The wheel is built from a copy of ``pyproject.toml``, ``README.md`` and ``graphintel/`` (so nothing else of the
repository can leak into it) and installed without dependencies into a new virtualenv. The dependencies are
this environment's installed packages, reached through a ``.pth`` line naming its ``site-packages``: a line
adds that folder to ``sys.path`` but does not run its ``.pth`` files, so an editable install of the repository
there stays inactive. ``PYTHONPATH`` is dropped, and every command runs in a temporary folder, so the
repository is not importable: the test asserts that ``graphintel`` is imported from the new virtualenv.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(command: list, cwd: Path, env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """A fresh virtualenv with the built wheel installed; its ``bin`` folder and a clean environment."""
    root = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "graphintel", source / "graphintel", ignore=shutil.ignore_patterns("__pycache__"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", source], root, env, 300)
    (wheel,) = (root / "dist").glob("graphintel-*.whl")

    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], root, env)
    python = venv / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], root, env)
                   .stdout.strip())  # fmt: skip
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "_graphintel_test_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel], root, env, 300)
    return venv / "bin", env


def test_installed_wheel_runs_the_demo_and_the_dashboard_outside_the_repository(installed, tmp_path):
    bin_dir, env = installed
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _run([bin_dir / "python", "-c", "import graphintel; print(graphintel.__file__)"], work, env).stdout
    assert Path(where.strip()).is_relative_to(bin_dir.parent), where
    assert not Path(where.strip()).is_relative_to(REPO), where

    demo = _run([bin_dir / "graphintel", "demo", "--no-dashboard", "--consignments", "5000"], work, env, 300)
    assert "planted rings in top 30 leads" in demo.stdout, demo.stdout[-2000:]
    assert list((work / ".graphintel" / "runs").glob("*/leads.csv")), "no leads written"

    port = _free_port()
    server = subprocess.Popen(
        [str(bin_dir / "graphintel"), "dashboard", "--no-auth", "--headless", "--port", str(port)],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as reply:
                    health = reply.read().decode()
                    if health == "ok":
                        break
            except OSError:
                time.sleep(0.3)
        assert health == "ok", f"dashboard not healthy (exit {server.poll()})"
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()
    assert "dashboard on http://127.0.0.1" in output, output[-2000:]
