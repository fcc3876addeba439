// What the path view draws, as numbers: per input its coefficient against λ (an exact
// linear path), or the zero share, live neurons per layer and weight norm (a trained
// path); the validation error with its standard error and the test error; and the words
// for one λ (hover). Pure, so it is tested without a page.
import type { PathResult } from '../core/path/path-result';

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  label: string;
  points: Point[];
  /** Which axis: the model's numbers on the left ('y'), counts or norms on the right ('y2'). */
  axis: 'y' | 'y2';
}

/** Exact path: one series per input, its coefficient at every λ. Trained path: zero share (%) on the left; live neurons per hidden layer and the weight norm on the right. */
export function modelSeries(path: PathResult, inputNames: string[]): Series[] {
  const { points, coefficients } = path;
  if (coefficients) {
    const d = inputNames.length;
    return inputNames.map((label, j) => ({ label, axis: 'y', points: points.map((p, k) => ({ x: p.lambda, y: coefficients[k * d + j] })) }));
  }
  const layers = points[0]?.liveNeurons?.length ?? 0;
  return [
    { label: 'zero weights (%)', axis: 'y', points: points.map((p) => ({ x: p.lambda, y: p.zeroShare * 100 })) },
    ...Array.from({ length: layers }, (_, l): Series => ({ label: `live neurons, hidden ${l + 1}`, axis: 'y2', points: points.map((p) => ({ x: p.lambda, y: p.liveNeurons?.[l] ?? NaN })) })),
    { label: 'weight norm √Σw²', axis: 'y2', points: points.map((p) => ({ x: p.lambda, y: p.weightNorm })) },
  ];
}

/** Beside an exact path: the coefficients SGD reached at each λ, one series per input. */
export function sgdSeries(path: PathResult, inputNames: string[]): Series[] {
  const sgd = path.sgd;
  if (!sgd) return [];
  const d = inputNames.length;
  return inputNames.map((name, j) => ({ label: `${name}, ${sgd.l1Method} SGD`, axis: 'y', points: path.points.map((p, k) => ({ x: p.lambda, y: sgd.coefficients[k * d + j] })) }));
}

/** The validation error (mean, and mean ± se as its error bars) and the test error against λ. */
export function errorSeries(path: PathResult): { validation: Point[]; low: Point[]; high: Point[]; test: Point[] } {
  const at = (f: (p: PathResult['points'][number]) => number) => path.points.map((p) => ({ x: p.lambda, y: f(p) }));
  return {
    validation: at((p) => p.validation.mean),
    low: at((p) => p.validation.mean - (Number.isFinite(p.validation.se) ? p.validation.se : 0)),
    high: at((p) => p.validation.mean + (Number.isFinite(p.validation.se) ? p.validation.se : 0)),
    test: at((p) => p.testError),
  };
}

function short(value: number): string {
  return Number.isFinite(value) ? String(+value.toPrecision(4)) : '-';
}

/** A λ in words: its marks, errors, and what the model keeps there (the non-zero inputs, or live neurons per layer). */
export function describeLambda(path: PathResult, index: number): string[] {
  const point = path.points[index];
  if (!point) return [];
  const marks = [index === path.lambdaMin.index ? 'λ_min' : '', index === path.lambda1se.index ? 'λ_1se' : ''].filter(Boolean);
  const kept = point.nonZeroInputs
    ? `${point.nonZeroInputs.length} non-zero input${point.nonZeroInputs.length === 1 ? '' : 's'}${point.nonZeroInputs.length ? `: ${point.nonZeroInputs.join(', ')}` : ''}`
    : `live neurons per hidden layer: ${(point.liveNeurons ?? []).map((l) => short(l)).join(', ')} (mean over the fold models); ${(point.zeroShare * 100).toFixed(1)}% zero weights`;
  const gap = path.sgd?.objectiveGap[index];
  return [
    `λ ${short(point.lambda)}${marks.length ? ` (${marks.join(', ')})` : ''}`,
    `validation ${short(point.validation.mean)} ± ${short(point.validation.se)}, test ${short(point.testError)}`,
    kept,
    ...(gap !== undefined ? [`${path.sgd!.l1Method} SGD: objective ${short(gap)} above the optimum`] : []),
  ];
}

/** The index of the grid's λ nearest to `lambda` in log λ. */
export function nearestLambda(path: PathResult, lambda: number): number {
  let best = 0;
  path.points.forEach((p, k) => {
    if (Math.abs(Math.log(p.lambda / lambda)) < Math.abs(Math.log(path.points[best].lambda / lambda))) best = k;
  });
  return best;
}
