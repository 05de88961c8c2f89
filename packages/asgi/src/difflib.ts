/** @module Mirrors Python's difflib.get_close_matches, which click and argparse use for "Did you mean ...?": SequenceMatcher's ratio over characters. */

/**
 * SequenceMatcher's matching characters of `a` and `b`: the longest common block (earliest in `a`, then in `b`),
 * then the same on each side of it. Without the junk heuristics, which start at 200 characters.
 */
function matchingCharacters(a: string, b: string): number {
  let matched = 0;
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    const [alo, ahi, blo, bhi] = next;
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let lengths = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const lengthsHere = new Map<number, number>();
      for (let j = blo; j < bhi; j++) {
        if (a[i] !== b[j]) continue;
        const k = (lengths.get(j - 1) ?? 0) + 1;
        lengthsHere.set(j, k);
        if (k > bestsize) [besti, bestj, bestsize] = [i - k + 1, j - k + 1, k];
      }
      lengths = lengthsHere;
    }
    if (bestsize === 0) continue;
    matched += bestsize;
    if (alo < besti && blo < bestj) queue.push([alo, besti, blo, bestj]);
    if (besti + bestsize < ahi && bestj + bestsize < bhi) queue.push([besti + bestsize, ahi, bestj + bestsize, bhi]);
  }
  return matched;
}

/** `SequenceMatcher(None, a, b).ratio()`: 2 * matches / total length, 1 for two empty strings. */
export function similarityRatio(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchingCharacters(a, b)) / total;
}

/**
 * `difflib.get_close_matches(word, possibilities, n, cutoff)`: the best `n` possibilities scoring at least `cutoff`,
 * best first (ties: the later in code-unit order first, as Python's tuple comparison has it).
 */
export function getCloseMatches(word: string, possibilities: Iterable<string>, n = 3, cutoff = 0.6): string[] {
  const scored: Array<[number, string]> = [];
  for (const possibility of possibilities) {
    const score = similarityRatio(possibility, word);
    if (score >= cutoff) scored.push([score, possibility]);
  }
  scored.sort(([s1, x1], [s2, x2]) => s2 - s1 || (x1 < x2 ? 1 : x1 > x2 ? -1 : 0));
  return scored.slice(0, n).map(([, possibility]) => possibility);
}

/** click's `NoSuchOption` message for an unknown `--flag`, with its "Did you mean" drawn from `names` (flags without `--`). */
export function noSuchOption(flag: string, names: readonly string[]): string {
  const matches = getCloseMatches(flag, names.map((name) => `--${name}`)).sort();
  const quoted = matches.map((match) => `'${match}'`).join(", ");
  const hint = matches.length === 0 ? "" : matches.length === 1 ? ` Did you mean ${quoted}?` : ` (Did you mean one of: ${quoted}?)`;
  return `No such option '${flag}'.${hint}`;
}
