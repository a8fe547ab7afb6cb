"""Fixtures for index tests: a Chroma server started for the session."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from web.launch import free_port

CHROMA_BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "chroma"


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """URL of a real ``chroma run`` server on a free loopback port."""
    exe = str(CHROMA_BIN) if CHROMA_BIN.exists() else shutil.which("chroma")
    if not exe:
        pytest.skip("the `chroma` executable is not installed (pip install chromadb)")
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(path / "server.log", "wb")
    proc = subprocess.Popen([exe, "run", "--path", str(path / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        import urllib.request

        deadline = time.time() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma server exited: {(path / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError("chroma server did not answer its heartbeat within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
