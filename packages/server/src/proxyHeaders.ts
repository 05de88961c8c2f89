/** @module Mirrors uvicorn/middleware/proxy_headers.py: X-Forwarded-Proto and X-Forwarded-For from trusted peers only. */
import { isIPv4, isIPv6 } from "node:net";
import type { ASGIApp, Receive, Scope, Send } from "@mono/asgi";

type IPAddress = { version: 4 | 6; value: bigint; scope: string };

function parseIPv4(text: string): bigint | null {
  if (!isIPv4(text)) return null;
  const parts = text.split(".");
  // Python's ipaddress refuses leading zeros ("01"), which could be read as octal.
  if (parts.some((p) => p.length > 1 && p.startsWith("0"))) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

/** Python's `ipaddress.ip_address(text)`, or null where it raises ValueError. */
export function ipAddress(text: string): IPAddress | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { version: 4, value: v4, scope: "" };
  if (!isIPv6(text)) return null;
  const percent = text.indexOf("%");
  const scope = percent >= 0 ? text.slice(percent + 1) : "";
  let body = percent >= 0 ? text.slice(0, percent) : text;
  const lastColon = body.lastIndexOf(":");
  const tail = body.slice(lastColon + 1);
  if (tail.includes(".")) {
    const embedded = parseIPv4(tail);
    if (embedded === null) return null;
    body = `${body.slice(0, lastColon + 1)}${(embedded >> 16n).toString(16)}:${(embedded & 0xffffn).toString(16)}`;
  }
  const [head = "", rest] = body.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const missing = 8 - left.length - right.length;
  const groups = rest === undefined ? left : [...left, ...Array<string>(missing).fill("0"), ...right];
  if (groups.length !== 8) return null;
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  return { version: 6, value, scope };
}

type IPNetwork = { version: 4 | 6; base: bigint; mask: bigint };

/** Python's strict `ipaddress.ip_network(text)` for `address/prefix`, or null where it raises ValueError. */
function ipNetwork(text: string): IPNetwork | null {
  const slash = text.indexOf("/");
  const address = ipAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === null || address.scope !== "" || !/^\d+$/.test(prefixText)) return null;
  const bits = address.version === 4 ? 32n : 128n;
  const prefix = BigInt(prefixText);
  if (prefix > bits) return null;
  const all = (1n << bits) - 1n;
  const mask = all ^ ((1n << (bits - prefix)) - 1n);
  if ((address.value & mask) !== address.value) return null; // host bits set
  return { version: address.version, base: address.value, mask };
}

function parseRawHosts(value: string): string[] {
  return value.split(",").map((item) => item.trim());
}

/** uvicorn's `_parse_host_port`: bare IPs, `host:port`, `[v6]:port`; anything odd keeps no port. */
export function parseHostPort(value: string): [string, number] {
  const pythonInt = (s: string): number | null => (/^\s*[+-]?\d+(_\d+)*\s*$/.test(s) ? Number(s.trim().replace(/_/g, "")) : null);
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    if (end === -1) return [value, 0];
    const host = value.slice(1, end);
    const remainder = value.slice(end + 1);
    if (remainder === "") return [host, 0];
    if (!remainder.startsWith(":")) return [value, 0];
    return [host, pythonInt(remainder.slice(1)) ?? 0];
  }
  if (value.split(":").length === 2) {
    const colon = value.lastIndexOf(":");
    const port = pythonInt(value.slice(colon + 1));
    return port === null ? [value, 0] : [value.slice(0, colon), port];
  }
  return [value, 0];
}

/** uvicorn's `_TrustedHosts`: addresses, networks and literals a proxy header may come from. */
export class TrustedHosts {
  readonly alwaysTrust: boolean;
  private readonly literals = new Set<string>();
  private readonly hosts = new Set<string>();
  private readonly networks: IPNetwork[] = [];
  private readonly cache = new Map<string, boolean>();

  constructor(trustedHosts: string | string[]) {
    this.alwaysTrust = trustedHosts === "*" || (Array.isArray(trustedHosts) && trustedHosts.length === 1 && trustedHosts[0] === "*");
    if (this.alwaysTrust) return;
    const list = typeof trustedHosts === "string" ? parseRawHosts(trustedHosts) : trustedHosts;
    for (const host of list) {
      if (host.includes("/")) {
        const network = ipNetwork(host);
        if (network !== null) this.networks.push(network);
        else this.literals.add(host);
      } else {
        const address = ipAddress(host);
        if (address !== null) this.hosts.add(addressKey(address));
        else this.literals.add(host);
      }
    }
  }

  has(host: string | null | undefined): boolean {
    if (this.alwaysTrust) return true;
    if (!host) return false;
    if (host.length > 253) return this.computeTrust(host);
    let trusted = this.cache.get(host);
    if (trusted === undefined) {
      trusted = this.computeTrust(host);
      if (this.cache.size >= 4096) this.cache.clear();
      this.cache.set(host, trusted);
    }
    return trusted;
  }

  private computeTrust(host: string): boolean {
    const ip = ipAddress(host);
    if (ip === null) return this.literals.has(host);
    if (this.hosts.has(addressKey(ip))) return true;
    if (ip.scope !== "") return false;
    return this.networks.some((net) => net.version === ip.version && (ip.value & net.mask) === net.base);
  }

  /** The client of an X-Forwarded-For chain: the first untrusted host from the right. */
  getTrustedClientAddress(xForwardedFor: string): [string, number] {
    const hosts = parseRawHosts(xForwardedFor);
    if (this.alwaysTrust) return parseHostPort(hosts[0] as string);
    for (let i = hosts.length - 1; i >= 0; i--) {
      const [host, port] = parseHostPort(hosts[i] as string);
      if (!this.has(host)) return [host, port];
    }
    // Every hop is trusted, so the client was itself a trusted proxy.
    return parseHostPort(hosts[0] as string);
  }
}

function addressKey(ip: IPAddress): string {
  return `${ip.version}:${ip.value}%${ip.scope}`;
}

export interface ProxyHeadersOptions {
  /** Peers whose proxy headers are believed. @default "127.0.0.1" */
  trustedHosts?: string | string[];
}

/** Rewrites `scheme` and `client` from X-Forwarded-* sent by a trusted peer. */
export class ProxyHeadersMiddleware {
  readonly trustedHosts: TrustedHosts;

  constructor(
    private readonly app: ASGIApp,
    options: ProxyHeadersOptions = {},
  ) {
    this.trustedHosts = new TrustedHosts(options.trustedHosts ?? "127.0.0.1");
  }

  readonly asgi: ASGIApp = (scope: Scope, receive: Receive, send: Send): Promise<void> => {
    if (scope.type === "lifespan") return this.app(scope, receive, send);
    const clientHost = scope.client ? scope.client[0] : null;
    if (this.trustedHosts.has(clientHost)) {
      let proto: string | null = null;
      const forwardedFor: string[] = [];
      for (const [name, value] of scope.headers) {
        if (name === "x-forwarded-proto") proto = value;
        else if (name === "x-forwarded-for") forwardedFor.push(value);
      }
      if (proto !== null) {
        const scheme = proto.trim();
        if (scheme === "http" || scheme === "https" || scheme === "ws" || scheme === "wss") {
          scope.scheme = scope.type === "websocket" ? scheme.replace("http", "ws") : scheme;
        }
      }
      if (forwardedFor.length > 0) {
        const [host, port] = this.trustedHosts.getTrustedClientAddress(forwardedFor.join(", "));
        // An empty X-Forwarded-For gives an empty host: keep the peer then.
        if (host) scope.client = [host, port];
      }
    }
    return this.app(scope, receive, send);
  };
}
