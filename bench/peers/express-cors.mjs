// express 5 + cors with the tutorial's options.
import express from "express";
import cors from "cors";
import { ALL_METHODS, MESSAGE, ORIGINS, listenAddress, stopOn } from "./tutorial.mjs";

const app = express();
app.disable("x-powered-by");
app.disable("etag");
// allowedHeaders left unset: cors then reflects Access-Control-Request-Headers, as allow_headers=["*"] does.
app.use(cors({ origin: ORIGINS, credentials: true, methods: ALL_METHODS }));
app.get("/", (req, res) => { res.json(MESSAGE); });
const { host, port } = listenAddress();
const server = app.listen(port, host);
stopOn(() => server.close());
