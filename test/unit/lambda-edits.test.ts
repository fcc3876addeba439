// Writing a λ chosen on a path into the file: a fixed variant after the path variant.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as jsonc from 'jsonc-parser';
import { parseExperiment } from '../../src/core/experiment';
import { fileLambda, setLambdaEdits, variantAtLambda, writeLambdaEdits } from '../../src/editor/lambda-edits';

const text = `{
  "name": "p",
  "data": { "kind": "sparse-linear", "samples": 100, "features": 4, "informative": 2 },
  "penaltyConvention": "tf1",
  "variants": [
    { "name": "none" },
    { "name": "net", "l1Method": "proximal", "path": { "l1Ratio": 0.25 } },
    { "name": "last", "l2": 0.1 }
  ]
}
`;

describe('writing a λ into the file', () => {
  test('inserts a fixed variant with the strengths of λ (4 significant digits) right after the path variant', () => {
    const written = jsonc.applyEdits(text, writeLambdaEdits(text, 'net', 0.0123456));
    const parsed = parseExperiment(written);
    assert.ok(parsed.ok, parsed.problems.map((p) => p.message).join('; '));
    assert.deepEqual(parsed.experiment.variants.map((v) => v.name), ['none', 'net', 'net at λ 0.01235', 'last']);
    const raw = (jsonc.parse(written) as { variants: object[] }).variants[2];
    assert.deepEqual(raw, { name: 'net at λ 0.01235', l1: 0.0030875, l2: 0.0092625, l1Method: 'proximal' }, 'l2 in the file\'s own convention');
    assert.ok(written.includes('    { "name": "last", "l2": 0.1 }'), 'the rest of the file keeps its layout');
  });

  test('a second write of the same λ gets a name of its own; a variant without a path is refused', () => {
    const once = jsonc.applyEdits(text, writeLambdaEdits(text, 'net', 0.5));
    const twice = jsonc.applyEdits(once, writeLambdaEdits(once, 'net', 0.5));
    assert.ok(parseExperiment(twice).ok);
    assert.match(twice, /"net at λ 0.5 \(2\)"/);
    assert.throws(() => writeLambdaEdits(text, 'last', 0.5), /has no path/);
    assert.throws(() => writeLambdaEdits(text, 'nope', 0.5), /no variant named "nope"/);
  });
});

describe('setting a variant\'s λ (the slider\'s release)', () => {
  const fixed = `{
  "name": "p",
  "data": { "kind": "line" },
  "variants": [ { "name": "L1", "l1": 0.3 }, { "name": "EN", "l1": 0.2, "l2": 0.1 }, { "name": "none" } ]
}`;

  test('sets l1 to λ (4 significant digits); an elastic net scales both, keeping its mix', () => {
    const one = jsonc.applyEdits(fixed, setLambdaEdits(fixed, 'L1', 0.0123456));
    assert.deepEqual((jsonc.parse(one) as { variants: object[] }).variants[0], { name: 'L1', l1: 0.01235 });
    const both = jsonc.applyEdits(fixed, setLambdaEdits(fixed, 'EN', 0.4));
    assert.deepEqual((jsonc.parse(both) as { variants: object[] }).variants[1], { name: 'EN', l1: 0.4, l2: 0.2 });
    assert.equal(setLambdaEdits(fixed, 'EN', 0.4).length, 1, 'one edit: one undo step');
    assert.throws(() => setLambdaEdits(fixed, 'none', 0.1), /has no l1 or l2/);
    assert.equal(fileLambda({ l2: 0.5 }), 0.5);
  });

  test('a variant at another λ for training: l1 becomes λ, l2 follows; an L2 variant\'s l2 is λ as written (halved under tf1)', () => {
    assert.deepEqual(variantAtLambda({ l1: 0.2, l2: 0.1 }, 0.4, 'tfjs'), { l1: 0.4, l2: 0.2 });
    assert.deepEqual(variantAtLambda({ l1: 0, l2: 0.15 }, 0.05, 'tfjs'), { l1: 0, l2: 0.05 });
    assert.deepEqual(variantAtLambda({ l1: 0, l2: 0.15 }, 0.05, 'tf1'), { l1: 0, l2: 0.025 });
  });
});
