// A path as rows of text (the CLI prints it; the panel may show it): per λ the validation
// error ± its standard error, what the penalty left of the model, the test error, and the
// marks of λ_min and λ_1se; then what was chosen and how it tested when refit.
import type { ErrorSummary } from './cross-validation';
import type { PathPoint, PathResult } from './path-result';

function number(value: number, digits = 4): string {
  return Number.isFinite(value) ? (+value.toPrecision(digits)).toString() : '-';
}

function plusMinus(summary: ErrorSummary): string {
  return `${number(summary.mean)} ± ${number(summary.se, 2)}`;
}

export const pathHeaders = ['', 'λ', 'Validation error ± se', 'Kept', 'Test error'];
/** With SGD beside an exact path: how far its objective stays above the optimum. */
export const sgdHeader = 'SGD above optimum';

/** What a λ left of the model: "3 of 20 inputs" (linear), live neurons per hidden layer (network, means over the models). */
function kept(point: PathPoint, inputs: number): string {
  if (point.liveNeurons) return `live ${point.liveNeurons.map((l) => number(l, 2)).join(' ')}`;
  return `${number(point.nonZero, 3)} of ${inputs} inputs`;
}

export function pathRows(path: PathResult, inputs: number): string[][] {
  return path.points.map((point, k) => {
    const marks = [k === path.lambdaMin.index ? 'λ_min' : '', k === path.lambda1se.index ? 'λ_1se' : ''].filter(Boolean).join(' ');
    const row = [marks ? `${marks} →` : '', number(point.lambda), plusMinus(point.validation), kept(point, inputs), number(point.testError)];
    return path.sgd ? [...row, number(path.sgd.objectiveGap[k], 2)] : row;
  });
}

/** The lines under the table: where λ comes from, what the errors measure, the two choices. */
export function pathNotes(path: PathResult): string[] {
  const formula = path.l1Ratio === 1 ? 'l1 = λ' : path.l1Ratio === 0 ? 'l2 = λ' : `l1 = ${path.l1Ratio}·λ, l2 = ${+(1 - path.l1Ratio).toPrecision(6)}·λ`;
  const top = { exact: 'λ_max computed exactly', bisection: 'λ_max found by bisection (every weight of a short training dead)', range: 'the range given', values: 'the values given' }[path.top.from];
  const choice = (name: string, c: PathResult['lambdaMin']) =>
    `${name} = ${number(c.lambda)}: validation ${plusMinus(c.validation)}; refit on the whole training split: test error ${number(c.test.mean)}${c.test.runs > 1 ? ` ± ${number(c.test.sd, 2)} (sd over ${c.test.runs} runs)` : ''}`;
  const sgd = path.sgd
    ? [`${sgdHeader}: the objective (mse + penalty on the training split) that the file's training (${path.sgd.l1Method} L1, run 1) reaches at each λ, minus the exact optimum's.`]
    : [];
  return [
    ...sgd,
    `${path.variant}: ${path.method === 'exact' ? 'exact path (coordinate descent)' : 'trained path'}, ${path.points.length} λ from ${top}, ${formula}${path.standardized ? ', on the standardized inputs the model trains on' : ''}; ` +
      `${path.folds}-fold cross-validation on the training split${path.runs > 1 ? ` × ${path.runs} runs` : ''}; errors: ${path.measure}; ${path.fits} fits in ${path.seconds.toFixed(2)} s.`,
    choice('λ_min', path.lambdaMin),
    choice('λ_1se', path.lambda1se) + ' (the largest λ within one standard error of the minimum)',
  ];
}
