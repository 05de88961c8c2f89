# The ASGI app of compare.mjs, for uvicorn 0.54 (httptools); mono_app in compare.mjs is the same app in JS.
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    path = scope["path"]
    if path == "/raise":
        raise RuntimeError("boom")
    if path == "/none":
        return
    if path == "/close-nbsp":
        await send({"type": "http.response.start", "status": 204, "headers": [(b"connection", b"close\xa0")]})
        await send({"type": "http.response.body", "body": b""})
        return
    if path == "/headers":
        echo = b"\n".join(name + b"=" + value for name, value in scope["headers"]) + b"\n" + scope["http_version"].encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", str(len(echo)).encode())]})
        await send({"type": "http.response.body", "body": echo})
        return
    body = b""
    while True:
        m = await receive()
        body += m.get("body", b"")
        if not m.get("more_body"):
            break
    if path == "/204":
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    if path == "/599":
        await send({"type": "http.response.start", "status": 599, "headers": [(b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"X-Dup", b"1"), (b"x-b", b"\xe9"), (b"X-Dup", b"3")]})
    await send({"type": "http.response.body", "body": b"hi" + body, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})
