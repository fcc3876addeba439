// What the code lenses say, from a file's text and its last results.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateCost, formatCost } from '../../src/core/cost';
import { readExperimentDocument } from '../../src/editor/experiment-document';
import { lensesFor, type LensSpec } from '../../src/editor/lens-model';
import { adjustFamily, pairedComparison } from '../../src/core/analysis/paired';
import { resultsFor, verificationFor } from '../support/fixtures';

const text = `{
  "name": "lenses",
  "runs": 2,
  "data": { "kind": "line" },
  "model": { "layers": [10, 10] },
  "variants": [
    { "name": "L1", "l1": 0.3 },
    { "name": "L2", "l2": 0.3 }
  ]
}`;

const lineOf = (source: string, lens: LensSpec) => source.slice(0, lens.offset).split('\n').length;
const titles = (lenses: LensSpec[]) => lenses.map((l) => l.title);

describe('lenses before any training', () => {
  const lenses = lensesFor(readExperimentDocument(text), undefined, { running: false, trusted: true });

  test('Train sits at the top', () => {
    assert.equal(lenses[0].title, '▶ Train');
    assert.equal(lenses[0].command, 'regx.train');
    assert.equal(lineOf(text, lenses[0]), 1);
  });

  test('Train says what training costs, once the file has been checked', () => {
    const document = readExperimentDocument(text);
    assert.ok(document.parsed.ok);
    const cost = estimateCost(document.parsed.experiment, { rows: 100, inputs: 1 });
    const [train] = lensesFor(document, undefined, { running: false, trusted: true, cost });
    assert.equal(train.tooltip, `Train every variant of this experiment (estimated cost: ${formatCost(cost)})`);
    assert.equal(lenses[0].tooltip, 'Train every variant of this experiment');
  });

  test('each variant shows its penalty formula and offers to train it alone', () => {
    const l1 = lenses.find((l) => l.title.startsWith('L1'))!;
    assert.equal(l1.title, 'L1: 0.3·Σ|w| · not trained yet');
    assert.equal(l1.command, 'regx.trainVariant');
    assert.deepEqual(l1.args, ['L1']);
    assert.equal(lineOf(text, l1), 7);
    assert.ok(titles(lenses).includes('L2: 0.3·Σw² · not trained yet'));
  });

  test('no results, so no Open results and no layer lenses', () => {
    assert.ok(!titles(lenses).some((t) => t === 'Open results' || t.startsWith('layer')));
  });
});

describe('lenses while training', () => {
  test('Stop replaces Train, and the panel can be opened', () => {
    const lenses = lensesFor(readExperimentDocument(text), undefined, { running: true, trusted: true });
    assert.deepEqual(titles(lenses).slice(0, 2), ['■ Stop', 'Open results']);
  });
});

describe('lenses from the last results', () => {
  const results = resultsFor(text, [
    { liveNeurons: [[3, 2], [2, 2]], suggestedSizes: [3, 2], zeroShare: 0.85, testAbsError: [24.6, 26.6], testAbsErrorMean: 25.6, testAbsErrorSd: 1.41 },
    { zeroShare: 0.01 },
  ]);
  const lenses = lensesFor(readExperimentDocument(text), results, { running: false, trusted: true });

  test('each variant shows mean ± spread of the test error and the share of zero weights', () => {
    assert.ok(titles(lenses).includes('L1: test |error| 25.60 ± 1.41 · 85% weights zero · 0.3·Σ|w|'), titles(lenses).join('\n'));
  });

  test('the layers line has one short lens: the sizes each variant suggests, not verified yet, and a lens to verify them', () => {
    // Issue 11 replaced one lens per layer (which VS Code cut off on a line of three layers)
    // by this one; the per-layer counts moved to the inlay hints (inlay-model.test.ts).
    const layers = lenses.filter((l) => l.title.startsWith('layer'));
    assert.deepEqual(titles(layers), ['layers: L1 → [3, 2] not verified · L2 keeps its size']);
    assert.equal(lineOf(text, layers[0]), 5);
    const verify = lenses.find((l) => l.command === 'regx.verifyShrink');
    assert.equal(verify?.title, 'Verify by retraining');
    assert.equal(lineOf(text, verify!), 5);
  });

  test('once verified, the layers lens gives the retrained figures and no longer offers to verify', () => {
    const verified = { ...results, shrinkVerification: [verificationFor('L1', [3, 5])] };
    const shown = lensesFor(readExperimentDocument(text), verified, { running: false, trusted: true });
    assert.deepEqual(
      titles(shown.filter((l) => l.title.startsWith('layer'))),
      ['layers: L1 → [3, 5]: retrained 24.10 ± 5.80 vs 46.90 ± 9.76 · L2 keeps its size'],
    );
    assert.ok(!shown.some((l) => l.command === 'regx.verifyShrink'));
    const failed = { ...results, shrinkVerification: [verificationFor('L1')] };
    assert.ok(titles(lensesFor(readExperimentDocument(text), failed, { running: false, trusted: true })).includes('layers: L1: none passed (1 tried) · L2 keeps its size'));
  });

  test('without Workspace Trust, nothing offers to verify (it trains)', () => {
    assert.ok(!lensesFor(readExperimentDocument(text), results, { running: false, trusted: false }).some((l) => l.command === 'regx.verifyShrink'));
  });

  test('after the file changes, the lenses say the results are older', () => {
    const changed = text.replace('"l1": 0.3', '"l1": 0.1');
    const stale = lensesFor(readExperimentDocument(changed), results, { running: false, trusted: true });
    assert.ok(titles(stale).includes('(results are from an earlier version of this file)'));
    assert.ok(titles(stale).some((t) => t.startsWith('layers: ') && t.endsWith('(earlier results)')));
  });

  test('when the layers changed, the old per-layer counts are not shown on the new lines', () => {
    const resized = text.replace('[10, 10]', '[10, 5]');
    assert.ok(!titles(lensesFor(readExperimentDocument(resized), results, { running: false, trusted: true })).some((t) => t.startsWith('layer')));
  });

  test('a renamed experiment keeps its results current', () => {
    const renamed = text.replace('"name": "lenses"', '"name": "renamed"');
    assert.ok(!titles(lensesFor(readExperimentDocument(renamed), results, { running: false, trusted: true })).some((t) => t.includes('earlier')));
  });
});

describe('lenses in Restricted Mode (an untrusted workspace)', () => {
  const results = resultsFor(text, [{ liveNeurons: [[3, 2], [2, 2]], suggestedSizes: [3, 2], zeroShare: 0.85 }]);
  const untrusted = lensesFor(readExperimentDocument(text), { ...results, variants: results.variants.slice(0, 1) }, { running: false, trusted: false });
  const trusted = lensesFor(readExperimentDocument(text), { ...results, variants: results.variants.slice(0, 1) }, { running: false, trusted: true });

  test('the Train lens asks for trust, and opens where it is granted', () => {
    assert.equal(untrusted[0].title, 'Trust the workspace to train');
    assert.equal(untrusted[0].command, 'workbench.trust.manage');
    assert.match(untrusted[0].tooltip!, /runs code and reads the data files/);
  });

  test('nothing in it starts a training', () => {
    assert.ok(!untrusted.some((l) => l.command === 'regx.train' || l.command === 'regx.trainVariant'), untrusted.map((l) => `${l.title} -> ${l.command}`).join('\n'));
  });

  test('stored results show as they do in a trusted workspace', () => {
    const shown = (lenses: LensSpec[]) => lenses.filter((l) => l.command === 'regx.openPanel').map((l) => l.title);
    assert.ok(shown(untrusted).length >= 3, 'Open results, the variant and the layer lenses');
    assert.deepEqual(shown(untrusted), shown(trusted));
  });

  test('an untrained variant still shows its formula', () => {
    assert.ok(titles(untrusted).includes('L2: 0.3·Σw² · not trained yet'));
  });
});

describe('lenses with paired comparisons', () => {
  const withBaseline = text.replace('{ "name": "L2", "l2": 0.3 }', '{ "name": "L2", "l2": 0.3 },\n    { "name": "none" }');
  const noisy = pairedComparison('L1', [25, 26, 40], 'none', [24, 30, 20]);
  const clear = pairedComparison('L2', [25, 26, 27], 'none', [20, 21, 22.5]);
  const results = resultsFor(withBaseline, [{}, {}, {}], adjustFamily([noisy, clear]));
  const lenses = lensesFor(readExperimentDocument(withBaseline), results, { running: false, trusted: true });
  const lensOf = (name: string) => lenses.find((l) => l.title.startsWith(`${name}:`))!;

  test('a difference whose interval spans 0 reads "not resolved with N runs"', () => {
    assert.match(lensOf('L1').title, /^L1: test \|error\| .* · vs none: not resolved with 3 runs · 0\.3·Σ\|w\|$/);
  });

  test('a resolved difference shows its mean and 95% interval', () => {
    assert.match(lensOf('L2').title, /· vs none: \+4\.83 \(95% CI \d+\.\d\d to \d+\.\d\d\) ·/);
  });

  test('the tooltip has the whole comparison: p-value, adjustment and the runs-for-power estimate', () => {
    assert.match(lensOf('L1').tooltip!, /Paired: L1 - none: .*Holm, 2 comparisons.*not resolved with 3 runs; about \d+ runs would resolve it at 80% power \(estimate\)/);
  });

  test('the unpenalized variant itself is compared with nothing', () => {
    assert.ok(!lensOf('none').title.includes(' vs '));
  });
});

describe('the unused-inputs lens', () => {
  const text = `{
  "name": "circle",
  "runs": 2,
  "data": {
    "kind": "circle",
    "features": ["x1", "x2", "x1Squared", "x2Squared"]
  },
  "model": { "layers": [4] },
  "variants": [
    { "name": "L1", "l1": 0.01, "l1Method": "cumulative" },
    { "name": "none" }
  ]
}`;
  const results = resultsFor(text, [{ unusedInputs: ['x1', 'x2'] }, { unusedInputs: [] }]);
  results.dataset = { ...results.dataset, inputNames: ['x1', 'x2', 'x1Squared', 'x2Squared'], d: 4 };
  const unusedLenses = (source: string) => lensesFor(readExperimentDocument(source), results, { running: false, trusted: true }).filter((l) => l.command === 'regx.dropUnusedInputs');

  test('sits on the features line, per variant that left some unused in every run, and names them', () => {
    const [lens, ...others] = unusedLenses(text);
    assert.deepEqual(others, []);
    assert.equal(lens.title, 'Remove features no run of L1 used: x1, x2');
    assert.deepEqual(lens.args, ['L1']);
    assert.equal(lineOf(text, lens), 6);
  });

  test('says when the results are older than the file', () => {
    const changed = text.replace('"runs": 2', '"runs": 3');
    assert.equal(unusedLenses(changed)[0].title, 'Remove features no run of L1 used: x1, x2 (earlier results)');
  });
});
