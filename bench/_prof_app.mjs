import { tutorialApp } from "./peers/mono-app.mjs";
const app = tutorialApp({ cors: false }).asgi;
const scope = () => ({ type: "http", asgi: { version: "3.0" }, http_version: "1.1", method: "GET", scheme: "http", path: "/", raw_path: "/", query_string: "", root_path: "", client: ["127.0.0.1", 1], server: ["127.0.0.1", 8000], headers: [["host", "x"]], state: {} });
const receive = async () => ({ type: "http.request", body: new Uint8Array(0), more_body: false });
const send = async () => {};
const t0 = Date.now(); let n = 0;
while (Date.now() - t0 < 3000) { for (let i = 0; i < 1000; i++) await app(scope(), receive, send); n += 1000; }
console.error("ns/req", 3e9 / n);
