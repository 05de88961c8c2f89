// The frontend of the CORS demo: makes each cross-origin call FastAPI's CORS tutorial talks about, and says what the
// browser allowed, blocked or hid, and why. Results also land in `window.demoResults` for the end-to-end tests.

const config = await (await fetch("/config.json")).json();
const origin = location.origin;
// Derived from the page's own hostname, so the page opened as localhost calls localhost and as 127.0.0.1 calls 127.0.0.1.
const backend = config.backendUrl || `${location.protocol}//${location.hostname}:${config.backendPort}`;
const listed = config.allowOrigins.includes(origin) || config.allowOrigins.includes("*");
const exposed = (name) => config.exposeHeaders.some((header) => header.toLowerCase() === name.toLowerCase());
const show = (value) => JSON.stringify(value);

/** Why fetch() rejected, as far as a page can tell: it is never told, but it knows the backend's policy. */
function blockedBecause(error, { credentials = false, preflight = false, unlisted = null } = {}) {
  const rejected = `fetch() rejected with "${error}".`;
  if (!listed && unlisted !== null) return unlisted(rejected);
  if (!listed) {
    if (preflight) {
      return (
        `The browser asked first: OPTIONS with Access-Control-Request-Method: PUT. ${origin} is not in the backend's ` +
        `allowOrigins, so the backend answered the preflight with 400 "Disallowed CORS origin", and the browser never ` +
        `sent the PUT: the backend's data did not change. ${rejected}`
      );
    }
    return (
      `The browser sent the request (the backend received it and answered), but ${origin} is not in the backend's ` +
      `allowOrigins, so the answer had no Access-Control-Allow-Origin: ${origin}. The browser kept the response from ` +
      `the page. ${rejected} A simple request is not stopped before the server; only its answer is withheld.`
    );
  }
  if (credentials && !config.allowCredentials) {
    return (
      `${origin} is allowed, but the backend runs with allowCredentials off: its answers carry no ` +
      `Access-Control-Allow-Credentials: true, and without it the browser refuses a page the answer to a call made ` +
      `with credentials: "include". ${rejected}`
    );
  }
  return `${origin} is in allowOrigins, yet ${rejected} Is the backend running at ${backend}? The DevTools console has the browser's reason.`;
}

/**
 * Cards 3 to 5 blocked because the page's origin is not allowed: each says what that means for its own lesson, as
 * the shared paragraph would not tell a credentials or an exposed-header lesson from a simple GET.
 */
const UNLISTED = {
  credentials: (rejected) =>
    `The browser sent POST /session and GET /session with credentials: "include" (the backend received them), but ` +
    `${origin} is not in the backend's allowOrigins, so the answers carried neither Access-Control-Allow-Origin: ` +
    `${origin} nor Access-Control-Allow-Credentials: true. Credentials add a condition (the exact origin, and ` +
    `Allow-Credentials: true); they never get around the first one, that the origin be allowed. ${rejected}`,
  exposed: (rejected) =>
    `The backend answered GET /items with X-Total-Count and listed it in Access-Control-Expose-Headers, but exposing ` +
    `a header counts only once the answer itself is allowed: ${origin} is not in allowOrigins, so the browser withheld ` +
    `the whole answer, body and every header, exposed or not. ${rejected}`,
  unexposed: (rejected) =>
    `X-Request-Id is hidden even from an allowed origin, as it is not in exposeHeaders; here the browser did not get ` +
    `that far: ${origin} is not in allowOrigins, so it withheld the whole answer before looking at any header. ${rejected}`,
};

/** How many preflights the backend has seen; null when this page may not read the answer. */
async function preflightCount() {
  try {
    return (await (await fetch(`${backend}/preflights`)).json()).count;
  } catch {
    return null;
  }
}

const scenarios = [
  {
    id: "simple-get",
    title: "1. A simple GET",
    lesson:
      "GET / without custom headers is a simple request: no preflight. The browser sends it at once with an Origin " +
      "header, then reads the answer's Access-Control-Allow-Origin before letting the page see it.",
    code: `const response = await fetch("${backend}/");\nawait response.json();`,
    async run() {
      const response = await fetch(`${backend}/`);
      const body = await response.json();
      return {
        outcome: "allowed",
        data: { status: response.status, body },
        why:
          `The browser sent GET / with Origin: ${origin}. That origin is in the backend's allowOrigins, so the answer ` +
          `carried Access-Control-Allow-Origin: ${origin} and the browser handed it to the page: ${show(body)}.`,
      };
    },
    blocked: (error) => blockedBecause(error),
  },
  {
    id: "preflight-put",
    title: "2. A preflighted PUT with a JSON body and an X-Token header",
    lesson:
      "PUT, Content-Type: application/json and a custom X-Token header each make a request non-simple: before " +
      "sending it, the browser asks the backend with an OPTIONS request (the preflight) whether it may.",
    code:
      `await fetch("${backend}/items/3", {\n  method: "PUT",\n` +
      `  headers: { "Content-Type": "application/json", "X-Token": "tutorial-token" },\n` +
      `  body: JSON.stringify({ name: "Meeseeks Box", price: 19.99 }),\n});`,
    async run() {
      // The backend counts the preflights it receives: the count before and after tells sent from cached.
      const before = await preflightCount();
      const response = await fetch(`${backend}/items/3`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", "X-Token": "tutorial-token" },
        body: JSON.stringify({ name: "Meeseeks Box", price: 19.99 }),
      });
      const body = await response.json();
      const after = await preflightCount();
      const preflightSent = before === null || after === null ? null : after > before;
      const answered = `the backend answered ${response.status}: ${show(body)}.`;
      if (preflightSent === false) {
        return {
          outcome: "allowed",
          preflightSent,
          data: { status: response.status, body },
          why:
            `This time the browser sent no preflight: the backend counted no OPTIONS request during this call. Chromium ` +
            `reused the preflight answer it had cached on an earlier run (Access-Control-Max-Age: 600 seconds; ` +
            `Chromium keeps one at most 7200 s) and sent the PUT straight away; ${answered}`,
        };
      }
      return {
        outcome: "allowed",
        preflightSent,
        data: { status: response.status, body },
        why:
          `First the browser sent OPTIONS /items/3 with Access-Control-Request-Method: PUT and ` +
          `Access-Control-Request-Headers: content-type,x-token. The backend allows ${origin}, every method ` +
          `(allowMethods: ["*"]) and every header (allowHeaders: ["*"]), so it answered the preflight 200 OK (the browser ` +
          `may reuse that answer for Access-Control-Max-Age: 600 seconds, so a second run can skip it). Only then ` +
          `did the browser send the PUT; ${answered}`,
      };
    },
    blocked: (error) => blockedBecause(error, { preflight: true }),
  },
  {
    id: "credentialed-get",
    title: "3. A credentialed GET: cookies",
    lesson:
      'A cross-origin call carries cookies only when the page asks for it with credentials: "include", and the page ' +
      "sees the answer only if the backend says Access-Control-Allow-Credentials: true and names the origin exactly " +
      "(never *).",
    code:
      `// The backend sets an HttpOnly cookie "session"\n` +
      `await fetch("${backend}/session", { method: "POST", credentials: "include" });\n` +
      `// ...the browser sends it back, when asked to\n` +
      `await fetch("${backend}/session", { credentials: "include" });\n` +
      `// ...and not by default (credentials: "same-origin")\n` +
      `await fetch("${backend}/session");`,
    async run() {
      const login = await (await fetch(`${backend}/session`, { method: "POST", credentials: "include" })).json();
      const withCredentials = await (await fetch(`${backend}/session`, { credentials: "include" })).json();
      const withoutCredentials = await (await fetch(`${backend}/session`)).json();
      const data = {
        cookieSet: login.session,
        backendReadWithCredentials: withCredentials.session,
        backendReadWithout: withoutCredentials.session,
        visibleInDocumentCookie: document.cookie.includes("session="),
      };
      const cameBack =
        data.backendReadWithCredentials === data.cookieSet
          ? `With credentials: "include" the browser sent it back: the backend read session=${data.backendReadWithCredentials}.`
          : `Yet the backend read ${show(data.backendReadWithCredentials)}: the cookie did not come back.`;
      return {
        outcome: "allowed",
        data,
        why:
          `The backend set the cookie session=${data.cookieSet} (HttpOnly: this page's document.cookie cannot see it). ` +
          `${cameBack} The page could read these answers because the backend sent Access-Control-Allow-Credentials: true ` +
          `with Access-Control-Allow-Origin: ${origin}. Without credentials: "include" the browser sent no cookie: the ` +
          `backend read ${show(data.backendReadWithout)}.`,
      };
    },
    blocked: (error) => blockedBecause(error, { credentials: true, unlisted: UNLISTED.credentials }),
  },
  {
    id: "exposed-header",
    title: "4. Reading an exposed response header",
    lesson:
      "Cross-origin, JavaScript sees only the safelisted response headers (Cache-Control, Content-Language, " +
      "Content-Length, Content-Type, Expires, Last-Modified, Pragma) and those the backend lists in " +
      "Access-Control-Expose-Headers.",
    code: `const response = await fetch("${backend}/items");\nresponse.headers.get("X-Total-Count");`,
    async run() {
      const response = await fetch(`${backend}/items`);
      const items = await response.json();
      const value = response.headers.get("X-Total-Count");
      const data = { "X-Total-Count": value, itemsInBody: items.length };
      if (value === null) {
        return { outcome: "hidden", data, why: "The browser hid X-Total-Count: the backend does not list it in exposeHeaders." };
      }
      return {
        outcome: "allowed",
        data,
        why:
          `X-Total-Count is in the backend's exposeHeaders (${config.exposeHeaders.join(", ")}), so its answer said ` +
          `Access-Control-Expose-Headers: X-Total-Count and the page read X-Total-Count: ${value} ` +
          `(the body lists ${items.length} items).`,
      };
    },
    blocked: (error) => blockedBecause(error, { unlisted: UNLISTED.exposed }),
  },
  {
    id: "unexposed-header",
    title: "5. Reading an unexposed response header",
    lesson:
      "The same answer also carries X-Request-Id, which the backend does not expose. Even when the response is " +
      "allowed, this one header is withheld from JavaScript.",
    code: `const response = await fetch("${backend}/items");\nresponse.headers.get("X-Request-Id");`,
    async run() {
      const response = await fetch(`${backend}/items`);
      await response.arrayBuffer();
      const value = response.headers.get("X-Request-Id");
      const data = { "X-Request-Id": value, readableHeaders: [...response.headers.keys()] };
      if (value !== null) {
        return { outcome: "allowed", data, why: `The page read X-Request-Id: ${value}; the backend must list it in exposeHeaders.` };
      }
      const listedText = exposed("X-Request-Id") ? "" : "it is not in the backend's exposeHeaders, so ";
      return {
        outcome: "hidden",
        data,
        why:
          `The backend sent X-Request-Id (DevTools → Network shows it), but ${listedText}the browser hid it: ` +
          `headers.get("X-Request-Id") returned null. The headers this page can see are listed below.`,
      };
    },
    blocked: (error) => blockedBecause(error, { unlisted: UNLISTED.unexposed }),
  },
  {
    id: "websocket",
    title: "6. A WebSocket: CORS does not apply",
    lesson:
      "Browsers apply no CORS to WebSockets: no preflight, no Access-Control-Allow-Origin check. The handshake goes " +
      "out with an Origin header (and the backend's cookies), and if the server accepts, the page reads and writes " +
      "every message. Only the server can refuse: by checking Origin before it accepts.",
    code:
      `const ws = new WebSocket("${socketURL()}");\n` +
      `ws.onopen = () => ws.send("hello");\nws.onmessage = (event) => console.log(event.data);`,
    async run() {
      const talk = await openSocket();
      if (!talk.opened) {
        return { outcome: "refused", data: { closeCode: talk.code }, why: socketRefusedBecause(talk.code) };
      }
      const data = { serverSawOrigin: talk.hello.origin, echo: talk.echo };
      const contrast = listed
        ? `${origin} is in allowOrigins, but that played no part: the backend would have accepted any page.`
        : `${origin} is not in allowOrigins, and the browser blocked every fetch above, yet the socket opened and ` +
          `this page read the backend's messages. A hostile page can do this with the user's cookies: cross-site ` +
          `WebSocket hijacking. The fix is on the server: check Origin before accepting (in @mono/cors, ` +
          `checkWebSocketOrigin: true; in this demo, --check-websocket-origin).`;
      return {
        outcome: "open",
        data,
        why: `The backend accepted the handshake from Origin: ${talk.hello.origin} and echoed "${talk.echo}". ${contrast}`,
      };
    },
    blocked: (error) => socketRefusedBecause(error),
  },
];

/** The backend's /ws, on ws: or wss: as the backend is http: or https:. */
function socketURL() {
  return `${backend.replace(/^http/, "ws")}/ws`;
}

/** Opens /ws, says hello, reads the greeting and the echo, closes. Settles once the socket is done either way. */
function openSocket() {
  return new Promise((resolve) => {
    const ws = new WebSocket(socketURL());
    const received = [];
    ws.onopen = () => ws.send("hello");
    ws.onmessage = (event) => {
      received.push(event.data);
      if (received.length === 2) {
        resolve({ opened: true, hello: JSON.parse(received[0]), echo: received[1] });
        ws.close(1000);
      }
    };
    ws.onclose = (event) => resolve({ opened: false, code: event.code });
  });
}

/** Why a handshake failed, as far as the page can tell: the browser reports only close code 1006. */
function socketRefusedBecause(code) {
  const failed = `The handshake failed: the browser fired error, then close with code ${code} (it never says why).`;
  if (config.checkWebSocketOrigin && !listed) {
    return (
      `${failed} The backend checks Origin (checkWebSocketOrigin): ${origin} is not in its allowOrigins, so it ` +
      `answered the handshake with HTTP 403 instead of accepting. This is the fix for cross-site WebSocket hijacking.`
    );
  }
  return `${failed} Is the backend running at ${backend}, on a server that speaks WebSocket?`;
}

const BADGES = {
  pending: "Waiting",
  running: "Running…",
  allowed: "Allowed",
  blocked: "Blocked by the browser",
  hidden: "Hidden from JavaScript",
  open: "Open: CORS does not apply",
  refused: "Refused by the server",
};

function setOutcome(card, outcome, why = "", data = undefined) {
  card.dataset.outcome = outcome;
  card.querySelector(".badge").textContent = BADGES[outcome];
  card.querySelector(".why").textContent = why;
  const pre = card.querySelector(".data");
  pre.hidden = data === undefined;
  pre.textContent = data === undefined ? "" : `What the page received:\n${JSON.stringify(data, null, 2)}`;
}

function renderCards() {
  const main = document.getElementById("scenarios");
  const template = document.getElementById("card");
  main.replaceChildren();
  return scenarios.map((scenario) => {
    const card = template.content.firstElementChild.cloneNode(true);
    card.dataset.scenario = scenario.id;
    card.querySelector("h2").textContent = scenario.title;
    card.querySelector(".lesson").textContent = scenario.lesson;
    card.querySelector(".code code").textContent = scenario.code;
    main.append(card);
    return card;
  });
}

/** One after the other, so the backend's access log reads in the order of the cards. */
let runs = 0;

async function runAll() {
  const button = document.getElementById("run");
  button.disabled = true;
  runs += 1;
  document.body.dataset.state = "running";
  const cards = renderCards();
  const results = {};
  for (const [index, scenario] of scenarios.entries()) {
    const card = cards[index];
    setOutcome(card, "running");
    let result;
    try {
      result = await scenario.run();
    } catch (error) {
      result = { outcome: "blocked", error: String(error), why: scenario.blocked(String(error)) };
    }
    setOutcome(card, result.outcome, result.why, result.data);
    results[scenario.id] = result;
  }
  const finishedAt = new Date();
  // Run again, the cards come back as they were in a blink: the count and the time show that they ran.
  document.getElementById("last-run").textContent = `Run ${runs}, finished at ${finishedAt.toLocaleTimeString()}`;
  window.demoResults = { origin, backend, listed, run: runs, finishedAt: finishedAt.toISOString(), scenarios: results };
  document.body.dataset.state = "done";
  button.disabled = false;
}

function describeScene() {
  document.getElementById("page-origin").textContent = origin;
  document.getElementById("backend-origin").textContent = backend;
  const backendURL = new URL(backend);
  document.getElementById("differs").textContent =
    backendURL.hostname !== location.hostname ? "host" : backendURL.protocol !== location.protocol ? "scheme" : "port";
  const verdict = document.getElementById("verdict");
  verdict.className = `verdict ${listed ? "listed" : "unlisted"}`;
  verdict.textContent = listed
    ? `✔ ${origin} is in the backend's allowOrigins: expect the browser to let these calls through.`
    : `✘ ${origin} is not in the backend's allowOrigins (${config.allowOrigins.join(", ")}): expect the browser to block these calls.`;
  const other = { localhost: "127.0.0.1", "127.0.0.1": "localhost" }[location.hostname];
  if (other !== undefined) {
    const link = document.getElementById("other-page");
    link.href = `${location.protocol}//${other}:${location.port}/`;
    link.textContent = link.href;
    document.getElementById("compare").hidden = false;
  }
}

describeScene();
document.getElementById("run").addEventListener("click", () => void runAll());
await runAll();
