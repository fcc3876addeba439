// Paired comparisons of two variants over their runs. Run r of every variant shares its
// data, its train/test split and its initial weights (seed + r), so the honest comparison is
// on the per-run differences d_r = a_r - b_r, not on the two means and their spreads:
// what the runs share cancels out of d_r.
//
// For n pairs with mean d̄ and sample sd s:
//   t = d̄ / (s/√n), n - 1 degrees of freedom; two-sided p = 2·P(T > |t|);
//   95% interval d̄ ± t₀.₉₇₅,ₙ₋₁ · s/√n.
// With several comparisons at once, the p-values are adjusted by Holm's step-down method,
// which keeps the chance of any false "resolved" at 5% without assuming independence.
// The t distribution comes from stdlib (@stdlib/stats-base-dists-t-*).
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface PairedComparison {
  /** The difference is a - b: negative when a has the lower value. */
  a: string;
  b: string;
  /** Pairs of runs compared (runs where both finished). */
  runs: number;
  meanDifference: number;
  /** Sample standard deviation of the per-run differences. */
  sdDifference: number;
  /** 95% confidence interval of the mean difference. */
  interval: [number, number];
  /** Two-sided p-value of the paired t-test. */
  p: number;
  /** p after Holm's adjustment over the comparisons made together (= p for one comparison). */
  pAdjusted: number;
  /** How many comparisons the adjustment was over. */
  family: number;
  /** A pair the file names in `compare` (its own family), not a variant against no penalty. */
  named?: true;
  /** The interval excludes 0 and the adjusted p is below 0.05. */
  resolved: boolean;
  /**
   * An estimate, not a promise: the runs a paired t-test would need to resolve a difference of
   * this size at 5% with 80% power, taking the observed mean difference and sd as the truth.
   * Undefined when the mean difference is 0 (no number of runs resolves it) or below 2 pairs.
   */
  estimatedRunsFor80Power?: number;
}

const level = 0.05;
const power = 0.8;

/**
 * The paired t-test of a against b. Values are matched by index (run r with run r); a pair
 * with a non-finite value on either side (a diverged run) is left out.
 */
export function pairedComparison(aName: string, a: readonly number[], bName: string, b: readonly number[]): PairedComparison {
  if (a.length !== b.length) throw new RangeError(`pairedComparison: ${aName} has ${a.length} runs and ${bName} ${b.length}; runs are compared pair by pair`);
  const differences: number[] = [];
  for (let r = 0; r < a.length; r++) if (Number.isFinite(a[r]) && Number.isFinite(b[r])) differences.push(a[r] - b[r]);
  const n = differences.length;
  const meanDifference = n > 0 ? differences.reduce((s, d) => s + d, 0) / n : NaN;
  const sdDifference = n > 1 ? Math.sqrt(differences.reduce((s, d) => s + (d - meanDifference) ** 2, 0) / (n - 1)) : NaN;
  const { p, interval } = tTest(meanDifference, sdDifference, n);
  const estimate = runsFor80Power(meanDifference, sdDifference, n);
  return {
    a: aName,
    b: bName,
    runs: n,
    meanDifference,
    sdDifference,
    interval,
    p,
    pAdjusted: p,
    family: 1,
    resolved: isResolved(interval, p),
    ...(estimate !== undefined ? { estimatedRunsFor80Power: estimate } : {}),
  };
}

function tTest(mean: number, sd: number, n: number): { p: number; interval: [number, number] } {
  if (n < 2 || !Number.isFinite(sd)) return { p: NaN, interval: [NaN, NaN] };
  if (sd === 0) {
    // Every pair differs by the same amount: no noise at all to weigh it against.
    return { p: mean === 0 ? 1 : 0, interval: [mean, mean] };
  }
  const standardError = sd / Math.sqrt(n);
  const t = mean / standardError;
  const halfWidth = tQuantile(1 - level / 2, n - 1) * standardError;
  return { p: Math.min(1, 2 * tCdf(-Math.abs(t), n - 1)), interval: [mean - halfWidth, mean + halfWidth] };
}

function isResolved(interval: [number, number], pAdjusted: number): boolean {
  return (interval[0] > 0 || interval[1] < 0) && pAdjusted < level;
}

/**
 * The smallest n >= 2 with n >= ((t₀.₉₇₅,ₙ₋₁ + t₀.₈₀,ₙ₋₁)·s/δ)²: the usual normal-theory
 * sample size, with t quantiles in place of z so that it holds for few runs.
 */
export function runsFor80Power(meanDifference: number, sd: number, pairs: number): number | undefined {
  if (pairs < 2 || !Number.isFinite(sd) || !Number.isFinite(meanDifference) || meanDifference === 0) return undefined;
  const ratio = sd / Math.abs(meanDifference);
  const needs = (n: number) => ((tQuantile(1 - level / 2, n - 1) + tQuantile(power, n - 1)) * ratio) ** 2;
  // The z version is a lower bound (t quantiles are larger): start there and walk up.
  const zVersion = ((tQuantile(1 - level / 2, 1e9) + tQuantile(power, 1e9)) * ratio) ** 2;
  let n = Math.max(2, Math.ceil(zVersion));
  while (n < needs(n)) n++;
  return n;
}

/**
 * Holm's step-down adjustment: sort the m p-values ascending, multiply the k-th smallest by
 * m - k + 1, keep the sequence non-decreasing, cap at 1. Returned in the input's order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => (Number.isNaN(x.p) ? 1 : Number.isNaN(y.p) ? -1 : x.p - y.p));
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    if (Number.isNaN(p)) {
      adjusted[i] = NaN;
      return;
    }
    running = Math.max(running, Math.min(1, (m - k) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Comparisons made together: their p-values Holm-adjusted over the family, `resolved` accordingly. */
export function adjustFamily(comparisons: readonly PairedComparison[]): PairedComparison[] {
  const adjusted = holmAdjust(comparisons.map((c) => c.p));
  return comparisons.map((c, i) => ({ ...c, pAdjusted: adjusted[i], family: comparisons.length, resolved: isResolved(c.interval, adjusted[i]) }));
}

/**
 * Which pairs an experiment compares: every penalized variant against the first unpenalized
 * one; without an unpenalized variant, every pair in file order.
 */
export function comparisonPairs(variants: readonly { name: string; l1: number; l2: number; group?: number }[]): [string, string][] {
  const baseline = variants.find((v) => v.l1 === 0 && v.l2 === 0 && !v.group);
  if (baseline) return variants.filter((v) => v !== baseline).map((v) => [v.name, baseline.name]);
  return variants.flatMap((v, i) => variants.slice(i + 1).map((w): [string, string] => [v.name, w.name]));
}

/** What a comparison says in one line: "L1 - none: +12.3 (95% CI 4.1 to 20.5), p = 0.012 (Holm)". */
export function describeComparison(c: PairedComparison, digits = 2): string {
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
  if (c.runs < 2) return `${c.a} - ${c.b}: needs at least 2 runs of each to compare`;
  const interval = `95% CI ${c.interval[0].toFixed(digits)} to ${c.interval[1].toFixed(digits)}`;
  const p = `p = ${formatP(c.pAdjusted)}${c.family > 1 ? ` (Holm, ${c.family} comparisons)` : ''}`;
  const verdict = c.resolved ? 'resolved' : `not resolved with ${c.runs} runs`;
  const estimate = !c.resolved && c.estimatedRunsFor80Power !== undefined ? `; about ${c.estimatedRunsFor80Power} runs would resolve it at 80% power (estimate)` : '';
  return `${c.a} - ${c.b}: ${signed(c.meanDifference)} (${interval}), ${p}: ${verdict}${estimate}`;
}

/** The comparison in a few words, for a lens or a table cell: "vs none: +12.74 (95% CI 3.19 to 22.29)" or "vs none: not resolved with 5 runs". */
export function shortVerdict(c: PairedComparison, digits = 2): string {
  if (c.runs < 2) return `vs ${c.b}: needs 2 runs to compare`;
  if (!c.resolved) return `vs ${c.b}: not resolved with ${c.runs} runs`;
  return `vs ${c.b}: ${c.meanDifference >= 0 ? '+' : ''}${c.meanDifference.toFixed(digits)} (95% CI ${c.interval[0].toFixed(digits)} to ${c.interval[1].toFixed(digits)})`;
}

export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '-';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}
