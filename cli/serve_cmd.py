"""``beleid serve``: the web app and HTTP API."""
from __future__ import annotations

import click

from beleid.errors import ConfigError

from . import main
from .common import data_dir_option


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs BELEID_TOKEN.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port.")
@click.option("--max-upload-mb", type=click.FloatRange(0.1, 10_000), default=100, show_default=True,
              help="Largest upload (one request) in MB.")
@click.option("--parse-timeout", type=click.IntRange(5, 86_400), default=300, show_default=True,
              help="Seconds one uploaded PDF may take to ingest before it is stopped.")
@click.option("--warm-up/--no-warm-up", default=True, show_default=True,
              help="Load models and compute the recurring themes at start-up, before the first visitor.")
@data_dir_option
def serve(host, port, max_upload_mb, parse_timeout, warm_up, settings):
    """Start the web app (Dutch) and the HTTP API under /api/.

    Pages: Vragen, Doelenregister, Plantoets, Terugkerende bevindingen and
    Documenten. The API is described at /api/docs and /api/openapi.json.
    By default the server only listens on 127.0.0.1. To listen elsewhere set
    an access token in BELEID_TOKEN; every request then needs it
    (Authorization: Bearer TOKEN, ?token=TOKEN once, or the login form).
    Off loopback, put the server behind HTTPS: the session cookie is Secure.

    \b
    Examples:
      beleid serve
      beleid serve --port 8080 --data-dir /srv/beleid
      BELEID_TOKEN=$(openssl rand -hex 16) beleid serve --host 0.0.0.0
      curl 'http://127.0.0.1:8000/api/search?q=preventie&k=5'
    """
    from web.security import is_loopback

    token = settings.token or None
    if not is_loopback(host) and not token:
        raise ConfigError(f"refusing to listen on {host} without an access token: set BELEID_TOKEN "
                          "(or use --host 127.0.0.1)")
    if token is not None and len(token) < 12:
        raise ConfigError("BELEID_TOKEN is too short: use at least 12 characters")
    import uvicorn

    from web.app import create_app

    app = create_app(settings, token=token, max_upload_mb=max_upload_mb, parse_timeout_s=parse_timeout,
                     warm_up=warm_up)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Beleidsgeheugen op http://{shown}:{port}/  (data: {settings.data_dir}; stoppen: Ctrl+C)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
