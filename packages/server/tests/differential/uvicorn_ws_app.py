# The ASGI app of compare_ws.mjs, for uvicorn 0.54 (--ws websockets-sansio); monoApp in compare_ws.mjs is the same app in JS.
async def app(scope, receive, send):
    if scope["type"] != "websocket":
        return
    path = scope["path"]
    if path == "/raise":
        raise RuntimeError("boom")
    if path == "/return":
        return
    await receive()
    if path == "/close-before-accept":
        await send({"type": "websocket.close"})
        return
    if path == "/deny":
        await send({"type": "websocket.http.response.start", "status": 418, "headers": [(b"X-A", b"1")]})
        await send({"type": "websocket.http.response.body", "body": b"no", "more_body": True})
        await send({"type": "websocket.http.response.body", "body": b"pe"})
        return
    if path == "/deny-typed":
        await send({"type": "websocket.http.response.start", "status": 401, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "websocket.http.response.body", "body": b"{}"})
        return
    if path == "/subprotocol":
        await send({"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"X-Extra", b"1")]})
    else:
        await send({"type": "websocket.accept"})
    if path == "/raise-after":
        raise RuntimeError("boom")
    if path == "/accept-return":
        return
    if path == "/close-code":
        await send({"type": "websocket.close", "code": 4001, "reason": "bye"})
        return
    if path == "/scope":
        text = "|".join([
            scope["path"], scope["raw_path"].decode("latin-1"), scope["query_string"].decode("latin-1"),
            ",".join(scope["subprotocols"]), scope["scheme"], scope["http_version"],
            scope["asgi"]["version"], scope["asgi"]["spec_version"], scope["root_path"],
            ";".join(n.decode("latin-1") + "=" + v.decode("latin-1") for n, v in scope["headers"]),
            ",".join(scope["extensions"].keys()),
        ])
        await send({"type": "websocket.send", "text": text})
    while True:
        m = await receive()
        if m["type"] == "websocket.disconnect":
            return
        if m.get("text") is not None:
            if m["text"] == "close":
                await send({"type": "websocket.close", "code": 1000})
            else:
                await send({"type": "websocket.send", "text": "echo:" + m["text"]})
        else:
            await send({"type": "websocket.send", "bytes": b"echo:" + m["bytes"]})
