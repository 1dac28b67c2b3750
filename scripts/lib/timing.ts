/**
 * Timing helpers shared by the benchmark scripts: functions timed in turns, the ratio of two of
 * them as the median of the rounds' ratios, and the median itself.
 */

/**
 * Every round's timing of each function, in ms, taking turns (`a b c a b c …`, `reps` rounds after
 * two untimed rounds, so every one is measured with optimised code, not whichever ran first while
 * the JIT warmed up). Returns one list of round times per function.
 */
export function rounds(fns: (() => void)[], reps: number): number[][] {
  for (let r = 0; r < 2; r++) for (const fn of fns) fn();
  const times = fns.map((): number[] => []);
  for (let r = 0; r < reps; r++)
    fns.forEach((fn, i) => {
      const t = performance.now();
      fn();
      times[i].push(performance.now() - t);
    });
  return times;
}

/**
 * The median over rounds of `num[i] / den[i]`: the ratio of two functions' times (or speeds,
 * inverted) when both ran back to back in every round. A machine whose speed drifts while the
 * benchmark runs (shared CI runners, laptops throttling) moves both alike; and unlike a ratio of
 * best times it does not favour the shorter function, whose best of a few runs dodges
 * interruptions more often than a five-times-longer one's.
 */
export function medianRatio(num: number[], den: number[]): number {
  return median(num.map((t, i) => t / den[i]));
}

/** The median of some numbers (at least one; the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
