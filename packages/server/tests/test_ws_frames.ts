// The frame layer's text decoding against Python's bytes.decode(), which websockets uses for text frames and close
// reasons.
import { expect, test } from "vitest";
import { decodeUTF8, parseClose } from "../src/wsFrames.js";

test("a leading byte order mark is text, as Python's bytes.decode keeps it", () => {
  // b"\xef\xbb\xbfa".decode() == "\ufeffa"
  expect(decodeUTF8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBe("\ufeffa");
  expect(parseClose(Buffer.from([0x03, 0xe8, 0xef, 0xbb, 0xbf, 0x62]))).toMatchObject({ code: 1000, reason: "\ufeffb" });
});

test("invalid UTF-8 gives CPython's reason and position", () => {
  expect(decodeUTF8(Uint8Array.of(0x61, 0xff))).toEqual({ reason: "invalid start byte", start: 1 });
});
