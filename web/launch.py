"""Start ``beleid serve`` in a child process on a free loopback port and wait until
it answers. Used by the browser tests and by ``evaluations/load_test.py``."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_server(data_dir: str | Path, log_path: str | Path, *extra: str, timeout: float = 60) -> Iterator[str]:
    """Yield the base URL of ``beleid serve`` on 127.0.0.1 (no token), stopped on exit.

    Raises RuntimeError with the end of the server log when it does not come up
    within ``timeout`` seconds."""
    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("BELEID_TOKEN", None)
    root = Path(__file__).resolve().parent.parent
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1",
                                 "--port", str(port), "--data-dir", str(data_dir), *extra],
                                cwd=str(root), env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if httpx.get(base + "/api/documents", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = Path(log_path).read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"beleid serve did not start: {tail}")
                time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
