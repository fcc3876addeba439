// The lens above a path variant: what the path is before it runs, then λ_min and λ_1se with
// their validation errors and, in the tooltip, their refit test errors; and stored paths
// when some variants train again.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exactLinearPath } from '../../src/core/path/exact-path';
import { mergeResults, type ResultsDocument } from '../../src/core/results';
import { readExperimentDocument } from '../../src/editor/experiment-document';
import { lensesFor } from '../../src/editor/lens-model';
import { loadDataset } from '../../src/runtime/data';
import { resultsFor } from '../support/fixtures';

const text = `{
  "name": "path lens",
  "data": { "kind": "sparse-linear", "samples": 80, "features": 4, "informative": 2 },
  "training": { "loss": "mse" },
  "variants": [
    { "name": "none" },
    { "name": "lasso", "path": { "count": 30, "folds": 4 } }
  ]
}`;

describe('the lens above a path variant', () => {
  const document = readExperimentDocument(text);
  const offsetOf = (name: string) => text.indexOf(`{ "name": "${name}"`);

  test('before training: the grid and the folds, and a click trains that variant', () => {
    const lens = lensesFor(document, undefined, { running: false, trusted: true }).find((l) => l.offset === offsetOf('lasso'));
    assert.deepEqual(lens, { offset: offsetOf('lasso'), title: 'lasso: path of 30 λ (L1), 4-fold cross-validation · not trained yet', command: 'regx.trainVariant', args: ['lasso'], tooltip: 'Train only lasso' });
  });

  test('after training: λ_min and λ_1se with their errors', async () => {
    assert.ok(document.parsed.ok);
    const experiment = document.parsed.experiment;
    const dataset = await loadDataset(experiment.data, experiment.seed, '.');
    const path = { ...exactLinearPath(experiment, { name: 'lasso', path: experiment.variants[1].path! }, dataset), seconds: 0 };
    const results = { experiment, variants: [], paths: [path] } as unknown as ResultsDocument;
    const lens = lensesFor(document, results, { running: false, trusted: true }).find((l) => l.offset === offsetOf('lasso'))!;
    const short = (v: number) => String(+v.toPrecision(4));
    assert.equal(
      lens.title,
      `lasso: λ_min ${short(path.lambdaMin.lambda)} (validation ${short(path.lambdaMin.validation.mean)} ± ${short(path.lambdaMin.validation.se)}) · λ_1se ${short(path.lambda1se.lambda)} (validation ${short(path.lambda1se.validation.mean)} ± ${short(path.lambda1se.validation.se)}) · 30 λ (L1)`,
    );
    assert.equal(lens.command, 'regx.openPanel');
    assert.match(lens.tooltip!, new RegExp(`^λ_min ${short(path.lambdaMin.lambda)}: refit test error ${short(path.lambdaMin.test.mean)}\\n`));
  });
});

describe('stored paths when some variants train again', () => {
  test('a path not trained now is kept; one trained now replaces its stored one', () => {
    const base = resultsFor(JSON.stringify({ name: 'm', data: { kind: 'line' }, variants: [{ name: 'a', path: {} }, { name: 'b', path: {} }, { name: 'c' }] }), []);
    const pathOf = (variant: string, seconds: number) => ({ variant, seconds }) as unknown as NonNullable<ResultsDocument['paths']>[number];
    const previous = { ...base, variants: [], paths: [pathOf('a', 1), pathOf('b', 1)] };
    const next = { ...base, variants: [], paths: [pathOf('b', 2)] };
    assert.deepEqual(mergeResults(previous, next, true).paths!.map((p) => [p.variant, p.seconds]), [['a', 1], ['b', 2]]);
    assert.deepEqual(mergeResults(previous, next, false).paths!.map((p) => [p.variant, p.seconds]), [['b', 2]], 'another experiment: the new results alone');
  });
});
