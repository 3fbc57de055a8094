"""The studio's web server: Starlette on uvicorn, on 127.0.0.1 only.

- ``GET /``: the page (``static/index.html``; its scripts and styles under ``/static``,
  all shipped in the package: nothing is fetched from the internet).
- ``GET /api/state``: epoch, step, losses, weights, the next batch (JSON).
- ``POST /api/<method>``: one request of ``studio.api`` with JSON params.
- ``GET /api/export/<kind>``: a download (model, markdown, latex, png).
- ``WS /ws``: the page's channel: ``{"id", "method", "params"}`` in,
  ``{"id", "result"}`` out, the same requests as ``POST /api/<method>``.

Requests must come from this machine: the socket is bound to 127.0.0.1, the Host
header must name it, and a WebSocket from another site's page is refused.
"""

import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

from .api import handle, to_json
from .session import Session

STATIC = Path(__file__).parent / "static"
HOST = "127.0.0.1"


def _local_origin(origin):
    """Whether a WebSocket's Origin header is this machine's page (or absent)."""
    return origin is None or urlsplit(origin).hostname in ("127.0.0.1", "localhost", "::1")


def create_app(session=None):
    """The Starlette application around ``session`` (a new default one if None)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.responses import FileResponse, Response
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles
    from starlette.websockets import WebSocketDisconnect

    session = session if session is not None else Session()

    def reply(data, status=None):
        status = status or (400 if isinstance(data, dict) and "error" in data else 200)
        return Response(to_json(data), status_code=status, media_type="application/json")

    async def index(request):
        return FileResponse(STATIC / "index.html")

    async def state(request):
        return reply(session.state())

    async def post(request):
        body = await request.body()
        try:
            params = json.loads(body) if body.strip() else {}
        except ValueError:
            return reply({"error": "The request body must be JSON, such as {\"value\": 0.5}."})
        return reply(handle(session, request.path_params["method"], params))

    async def download(request):
        result = handle(session, "export", {"kind": request.path_params["kind"],
                                            "example": request.query_params.get("example")})
        if "error" in result:
            return reply(result)
        import base64

        return Response(base64.b64decode(result["base64"]), media_type=result["mime"],
                        headers={"Content-Disposition":
                                 f'attachment; filename="{result["filename"]}"'})

    async def channel(websocket):
        if not _local_origin(websocket.headers.get("origin")):
            await websocket.close(code=1008)
            return
        await websocket.accept()
        try:
            while True:
                text = await websocket.receive_text()
                try:
                    message = json.loads(text)
                    method, params, id_ = message["method"], message.get("params"), \
                        message.get("id")
                except (ValueError, KeyError, TypeError):
                    await websocket.send_text(to_json({"id": None, "result": {
                        "error": "A message must be JSON {\"id\", \"method\", \"params\"}."}}))
                    continue
                result = handle(session, method, params)
                await websocket.send_text(to_json({"id": id_, "result": result}))
        except WebSocketDisconnect:
            pass

    routes = [
        Route("/", index),
        Route("/api/state", state),
        Route("/api/export/{kind}", download),
        Route("/api/{method}", post, methods=["POST"]),
        WebSocketRoute("/ws", channel),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    hosts = ["127.0.0.1", "localhost", "::1", "[::1]"]
    app = Starlette(routes=routes,
                    middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])
    app.state.session = session
    return app


def bind(port=0):
    """A listening socket on 127.0.0.1 (``port`` 0: a free one); clear error if taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as error:
        sock.close()
        raise ValueError(f"Cannot listen on {HOST}:{port} ({error.strerror}). Choose another "
                         "--port, or leave it out to take a free one.") from None
    sock.listen(64)
    return sock


def make_server(session=None, port=0):
    """``(uvicorn server, socket, url)``, ready for ``server.run(sockets=[socket])``."""
    import uvicorn

    sock = bind(port)
    config = uvicorn.Config(create_app(session), log_level="warning", lifespan="off",
                            timeout_graceful_shutdown=2)
    return uvicorn.Server(config), sock, f"http://{HOST}:{sock.getsockname()[1]}/"


def serve(port=0, open_browser=True, echo=print, session=None):
    """Run the studio until Ctrl-C: print the address, open the browser (optional)."""
    import threading
    import webbrowser

    server, sock, url = make_server(session, port)
    echo(f"glassnet studio: {url}  (Ctrl-C stops it)")
    if open_browser:
        threading.Timer(0.3, webbrowser.open, [url]).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    echo("glassnet studio stopped.")
