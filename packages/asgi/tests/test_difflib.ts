// getCloseMatches against Python's difflib.get_close_matches (outputs taken from CPython 3.11).
import { expect, test } from "vitest";
import { getCloseMatches, similarityRatio } from "../src/difflib.js";

const FLAGS = ["--origin", "--origins", "--method", "--path", "--header", "--json"];

test("get_close_matches: best first, at most three, cutoff 0.6", () => {
  expect(getCloseMatches("--orgin", FLAGS)).toEqual(["--origin", "--origins", "--json"]);
  expect(getCloseMatches("--orign", FLAGS)).toEqual(["--origin", "--origins", "--json"]);
  expect(getCloseMatches("--metod", FLAGS)).toEqual(["--method"]);
  expect(getCloseMatches("--jsn", FLAGS)).toEqual(["--json"]);
  expect(getCloseMatches("--pth", FLAGS)).toEqual(["--path", "--method"]);
  expect(getCloseMatches("x", FLAGS)).toEqual([]);
  expect(getCloseMatches("--orgin", FLAGS, 1)).toEqual(["--origin"]);
});

test("SequenceMatcher.ratio", () => {
  expect(similarityRatio("abcd", "bcde")).toBe(0.75);
  expect(similarityRatio("allowOrigin", "allowOrigins")).toBeCloseTo(0.9565217391304348, 15);
  expect(similarityRatio("private", "--private-network")).toBeCloseTo(0.5833333333333334, 15);
  expect(similarityRatio("", "")).toBe(1);
});
