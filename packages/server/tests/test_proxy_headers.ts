// Port of uvicorn 0.54 tests/middleware/test_proxy_headers.py (the websocket case aside: no WebSocket support).
import { isIPv6 } from "node:net";
import { expect, test } from "vitest";
import type { ASGIApp, HTTPScope, Receive, Send } from "@mono/asgi";
import { ProxyHeadersMiddleware, TrustedHosts } from "../src/index.js";
import { rawRequest, withServer } from "./serverFixture.js";

const TRUSTED_NOTHING: string[] = [];
const TRUSTED_EVERYTHING = "*";
const TRUSTED_EVERYTHING_LIST = ["*"];
const TRUSTED_IPV4_ADDRESSES = "127.0.0.1, 10.0.0.1";
const TRUSTED_IPV4_NETWORKS = ["127.0.0.0/8", "10.0.0.0/8"];
const TRUSTED_IPV6_ADDRESSES = [
  "2001:db8::",
  "2001:0db8:0001:0000:0000:0ab9:C0A8:0102",
  "2001:db8:3333:4444:5555:6666:1.2.3.4", // a dual address
  "::11.22.33.44", // a dual address
];
const TRUSTED_IPV6_NETWORKS = "2001:db8:abcd:0012::0/64";
const TRUSTED_LITERALS = "some-literal , unix:///foo/bar  ,  /foo/bar, garba*gewith*";

const TEST_HOSTS = [
  "127.0.0.0", "127.0.0.1", "127.1.1.1", "127.255.255.255", "10.0.0.0", "10.0.0.1", "10.1.1.1", "10.255.255.255",
  "192.168.0.0", "192.168.0.1", "1.1.1.1",
  "2001:db8::", "2001:db8:abcd:0012::0", "2001:db8:abcd:0012::1:1", "::", "::1",
  "2001:db8:3333:4444:5555:6666:102:304", "::b16:212c", "a:b:c:d::", "::a:b:c:d",
  "some-literal", "unix:///foo/bar", "/foo/bar", "*", "another-literal", "unix:///another/path", "/another/path", "",
];

/** The hosts uvicorn's parametrization marks True for each trust setting; every other test host is False. */
const TRUSTED: Array<[string, string | string[], string[] | "all"]> = [
  ["nothing", TRUSTED_NOTHING, []],
  ["everything", TRUSTED_EVERYTHING, "all"],
  ["everything_list", TRUSTED_EVERYTHING_LIST, "all"],
  ["ipv4_addresses", TRUSTED_IPV4_ADDRESSES, ["127.0.0.1", "10.0.0.1"]],
  ["ipv6_addresses", TRUSTED_IPV6_ADDRESSES, ["2001:db8::", "2001:db8:3333:4444:5555:6666:102:304", "::b16:212c"]],
  [
    "ipv4_networks",
    TRUSTED_IPV4_NETWORKS,
    ["127.0.0.0", "127.0.0.1", "127.1.1.1", "127.255.255.255", "10.0.0.0", "10.0.0.1", "10.1.1.1", "10.255.255.255"],
  ],
  ["ipv6_networks", TRUSTED_IPV6_NETWORKS, ["2001:db8:abcd:0012::0", "2001:db8:abcd:0012::1:1"]],
  ["literals", TRUSTED_LITERALS, ["some-literal", "unix:///foo/bar", "/foo/bar"]],
];

for (const [id, init, trusted] of TRUSTED) {
  test(`test_forwarded_hosts[${id}]`, () => {
    const hosts = new TrustedHosts(init);
    for (const host of TEST_HOSTS) {
      const expected = trusted === "all" || trusted.includes(host);
      expect([host, hosts.has(host)]).toEqual([host, expected]);
    }
  });
}

test("test_forwarded_hosts: a network with host bits set is only a literal, as ipaddress.ip_network (strict)", () => {
  const hosts = new TrustedHosts("10.0.0.1/8");
  expect(hosts.has("10.0.0.1")).toBe(false);
  expect(hosts.has("10.0.0.1/8")).toBe(true);
});

/** uvicorn's default_app: `scheme://client` as the body; IPv6 hosts in brackets. */
const defaultApp: ASGIApp = async (scope, _receive, send) => {
  const s = scope as HTTPScope;
  const [host, port] = s.client!;
  const shown = isIPv6(host) ? `[${host}]` : host;
  const body = Buffer.from(`${s.scheme}://${shown}:${port}`);
  await send({ type: "http.response.start", status: 200, headers: [["content-type", "text/plain"]] });
  await send({ type: "http.response.body", body });
};

function makeScope(headers: Array<[string, string]>, client: [string, number] = ["127.0.0.1", 123]): HTTPScope {
  return {
    type: "http",
    asgi: { version: "3.0", spec_version: "2.3" },
    http_version: "1.1",
    method: "GET",
    scheme: "http",
    path: "/",
    raw_path: "/",
    query_string: "",
    root_path: "",
    headers,
    client,
    server: ["127.0.0.1", 80],
  };
}

const noopReceive: Receive = async () => ({ type: "http.disconnect" });

/** Run the middleware in process, like uvicorn's httpx ASGITransport client (client = 127.0.0.1:123). */
async function get(trustedHosts: string | string[], headers: Array<[string, string]>): Promise<string> {
  let body = "";
  const send: Send = async (message) => {
    if (message.type === "http.response.body") body += Buffer.from(message.body ?? new Uint8Array(0)).toString();
  };
  await new ProxyHeadersMiddleware(defaultApp, { trustedHosts }).asgi(makeScope(headers), noopReceive, send);
  return body;
}

for (const [trustedHosts, expected] of [
  ["*", "https://1.2.3.4:0"],
  ["127.0.0.1", "https://1.2.3.4:0"],
  [["127.0.0.1"], "https://1.2.3.4:0"],
  [["127.0.0.1", "10.0.0.1"], "https://1.2.3.4:0"],
  ["127.0.0.1, 10.0.0.1", "https://1.2.3.4:0"],
  ["127.0.0.0/24, 10.0.0.1", "https://1.2.3.4:0"],
  ["192.168.0.1", "http://127.0.0.1:123"],
  ["192.168.0.0/16", "http://127.0.0.1:123"],
  [["127.0.0.1", "1.2.3.4"], "https://1.2.3.4:0"],
] as Array<[string | string[], string]>) {
  test(`test_proxy_headers_trusted_hosts[${JSON.stringify(trustedHosts)}]`, async () => {
    const body = await get(trustedHosts, [
      ["x-forwarded-for", "1.2.3.4"],
      ["x-forwarded-proto", "https"],
    ]);
    expect(body).toBe(expected);
  });
}

for (const [forwardedFor, forwardedProto, expected] of [
  ["", "", "http://127.0.0.1:123"],
  ["", null, "http://127.0.0.1:123"],
  ["", "asdf", "http://127.0.0.1:123"],
  [" , ", "https", "https://127.0.0.1:123"],
  [", , ", "https", "https://127.0.0.1:123"],
  [" , 10.0.0.1", "https", "https://127.0.0.1:123"],
  ["9.9.9.9 , , , 10.0.0.1", "https", "https://127.0.0.1:123"],
  [", , 9.9.9.9", "https", "https://9.9.9.9:0"],
  [", , 9.9.9.9, , ", "https", "https://127.0.0.1:123"],
] as Array<[string, string | null, string]>) {
  test(`test_proxy_headers_trusted_hosts_malformed[${JSON.stringify([forwardedFor, forwardedProto])}]`, async () => {
    const headers: Array<[string, string]> = [["x-forwarded-for", forwardedFor]];
    if (forwardedProto !== null) headers.push(["x-forwarded-proto", forwardedProto]);
    expect(await get("127.0.0.1, 10.0.0.0/8", headers)).toBe(expected);
  });
}

for (const [trustedHosts, expected] of [
  ["*", "https://1.2.3.4:0"],
  [["127.0.0.1", "10.0.2.1", "192.168.0.2"], "https://1.2.3.4:0"],
  [["10.0.2.1", "192.168.0.2", "127.0.0.1"], "https://1.2.3.4:0"],
  [["192.168.0.2", "127.0.0.1"], "https://10.0.2.1:0"],
  [["127.0.0.1", "10.0.0.0/8", "192.168.0.2"], "https://1.2.3.4:0"],
] as Array<[string | string[], string]>) {
  test(`test_proxy_headers_multiple_proxies[${JSON.stringify(trustedHosts)}]`, async () => {
    const body = await get(trustedHosts, [
      ["x-forwarded-for", "1.2.3.4, 10.0.2.1, 192.168.0.2"],
      ["x-forwarded-proto", "https"],
    ]);
    expect(body).toBe(expected);
  });
}

for (const [trustedHosts, expected] of [
  ["*", "https://1.2.3.4:1234"],
  [["127.0.0.1", "2001:db8::1", "192.168.0.2"], "https://1.2.3.4:1234"],
  [["192.168.0.2", "127.0.0.1"], "https://[2001:db8::1]:8080"],
  [["127.0.0.1", "2001:db8::/32", "192.168.0.2"], "https://1.2.3.4:1234"],
] as Array<[string | string[], string]>) {
  test(`test_proxy_headers_multiple_proxies_with_ports[${JSON.stringify(trustedHosts)}]`, async () => {
    const body = await get(trustedHosts, [
      ["x-forwarded-for", "1.2.3.4:1234, [2001:db8::1]:8080, 192.168.0.2:9000"],
      ["x-forwarded-proto", "https"],
    ]);
    expect(body).toBe(expected);
  });
}

test("test_proxy_headers_invalid_x_forwarded_for", async () => {
  const body = await get("*", [
    ["x-forwarded-for", "1.2.3.4, \xf0\xfd\xfd\xfd, unix:, ::1"],
    ["x-forwarded-proto", "https"],
  ]);
  expect(body).toBe("https://1.2.3.4:0");
});

for (const [forwardedFor, expected] of [
  ["1.2.3.4", "https://1.2.3.4:0"],
  ["1.2.3.4:1234", "https://1.2.3.4:1234"],
  ["[2001:db8::1]:443", "https://[2001:db8::1]:443"],
  ["[2001:db8::1]", "https://[2001:db8::1]:0"],
  ["2001:db8::1", "https://[2001:db8::1]:0"],
  ["1.2.3.4:notaport", "https://1.2.3.4:notaport:0"],
  ["[2001:db8::1]:notaport", "https://[2001:db8::1]:0"],
  ["[2001:db8::1]extra", "https://[2001:db8::1]extra:0"],
  ["[2001:db8::1", "https://[2001:db8::1:0"],
] as const) {
  test(`test_proxy_headers_x_forwarded_for_port_shapes[${forwardedFor}]`, async () => {
    const body = await get("*", [
      ["x-forwarded-for", forwardedFor],
      ["x-forwarded-proto", "https"],
    ]);
    expect(body).toBe(expected);
  });
}

test("test_proxy_headers_empty_x_forwarded_for", async () => {
  const body = await get("*", [
    ["x-forwarded-for", ""],
    ["x-forwarded-proto", "https"],
  ]);
  expect(body).toBe("https://127.0.0.1:123");
});

async function capture(trustedHosts: string | string[], headers: Array<[string, string]>): Promise<HTTPScope> {
  let seen: HTTPScope | null = null;
  const app: ASGIApp = async (scope) => {
    seen = scope as HTTPScope;
  };
  await new ProxyHeadersMiddleware(app, { trustedHosts }).asgi(makeScope(headers, ["127.0.0.1", 12345]), noopReceive, async () => {});
  return seen!;
}

test("test_proxy_headers_duplicate_x_forwarded_for_is_combined", async () => {
  const scope = await capture("127.0.0.1", [
    ["x-forwarded-for", "203.0.113.66, 198.51.100.23"],
    ["x-forwarded-for", "127.0.0.1"],
  ]);
  expect(scope.client).toEqual(["198.51.100.23", 0]);
});

for (const [protoHeaders, expected] of [
  [["https", "http"], "http"],
  [["http", "https"], "https"],
] as const) {
  test(`test_proxy_headers_duplicate_x_forwarded_proto_uses_last[${expected}]`, async () => {
    const scope = await capture(
      "127.0.0.1",
      protoHeaders.map((value): [string, string] => ["x-forwarded-proto", value]),
    );
    expect(scope.scheme).toBe(expected);
  });
}

test("test_proxy_headers_haproxy_behind_alb", async () => {
  const scope = await capture(
    ["127.0.0.1", "10.0.0.1"],
    [
      ["x-forwarded-for", "1.2.3.4"],
      ["x-forwarded-for", "10.0.0.1"],
      ["x-forwarded-proto", "https"],
      ["x-forwarded-proto", "https"],
    ],
  );
  expect(scope.client).toEqual(["1.2.3.4", 0]);
  expect(scope.scheme).toBe("https");
});

const FORWARDED_REQUEST =
  "GET / HTTP/1.1\r\nHost: example.org\r\nX-Forwarded-For: 1.2.3.4\r\nX-Forwarded-Proto: https\r\n\r\n";

test("serve(): proxy headers are on by default and trusted from 127.0.0.1", async () => {
  await withServer(defaultApp, {}, async ({ port, records }) => {
    const res = await rawRequest(port, FORWARDED_REQUEST);
    expect(res.body.toString()).toBe("https://1.2.3.4:0");
    // The access line shows the forwarded client, as uvicorn's.
    expect(records.find((r) => r.name === "mono.access")?.message).toBe('1.2.3.4:0 - "GET / HTTP/1.1" 200 OK');
  });
});

test("serve(): proxy headers from an untrusted peer are ignored", async () => {
  await withServer(defaultApp, { forwardedAllowIps: "10.0.0.1" }, async ({ port }) => {
    const res = await rawRequest(port, FORWARDED_REQUEST);
    expect(res.body.toString()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

test("serve(): --no-proxy-headers ignores them even from a trusted peer", async () => {
  await withServer(defaultApp, { proxyHeaders: false }, async ({ port }) => {
    const res = await rawRequest(port, FORWARDED_REQUEST);
    expect(res.body.toString()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
