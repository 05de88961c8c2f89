// The node peers of bench/ws/run.mjs: `node servers.mjs mono|ws PORT` serves an echo WebSocket on 127.0.0.1:PORT.
import { WebSocketServer } from "ws";
import { serve } from "@mono/server";

const [kind, portText] = process.argv.slice(2);
const port = Number(portText);

if (kind === "ws") {
  // Raw `ws`: the floor any node WebSocket server stands on (no ASGI, no compression).
  const wss = new WebSocketServer({ host: "127.0.0.1", port, perMessageDeflate: false });
  wss.on("connection", (socket) => socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary })));
  wss.on("listening", () => console.log("ready"));
} else {
  const app = async (scope, receive, send) => {
    if (scope.type !== "websocket") return;
    await receive();
    await send({ type: "websocket.accept" });
    for (;;) {
      const m = await receive();
      if (m.type === "websocket.disconnect") return;
      await send(m.text != null ? { type: "websocket.send", text: m.text } : { type: "websocket.send", bytes: m.bytes });
    }
  };
  await serve(app, { port, lifespan: "off", accessLog: false, logLevel: "warning" });
  console.log("ready");
}
