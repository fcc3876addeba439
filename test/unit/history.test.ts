// The one thinning rule (src/core/history.ts's Thinning) that the trainer, the editor and the
// panel apply to long series: the first item of every interval of epochs, the interval
// doubling past the maximum, and the newest item kept beyond the rule for live views.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Thinning } from '../../src/core/history';
import { Random } from '../../src/core/random';

/** The trainer's use: every epoch is asked, the wanted ones added, the last one finished. */
function trainerSeries(every: number, max: number, epochs: number): number[] {
  const series = new Thinning<number>(every, max);
  series.add(0, 0);
  for (let epoch = 1; epoch <= epochs; epoch++) if (series.wants(epoch)) series.add(epoch, epoch);
  series.finish(epochs, epochs);
  return series.items.map((item) => item.epoch);
}

function multiplesUpTo(step: number, last: number): number[] {
  return Array.from({ length: Math.floor(last / step) + 1 }, (_, k) => k * step);
}

describe('Thinning', () => {
  it('on epochs 0, 1, 2, ... keeps the multiples of the smallest doubled interval that fits, and the last epoch', () => {
    for (const [every, max, epochs] of [
      [1, 10, 100],
      [1, 1000, 2500],
      [5, 40, 1003],
      [3, 7, 64],
    ]) {
      const kept = trainerSeries(every, max, epochs);
      let step = every;
      while (Math.floor(epochs / step) + 1 > max) step *= 2;
      const expected = multiplesUpTo(step, epochs);
      if (expected.at(-1) !== epochs) expected.push(epochs);
      assert.deepEqual(kept, expected, `every ${every}, max ${max}, ${epochs} epochs`);
    }
  });

  it('on irregular epochs keeps at most max items and the newest beyond them, about half of them after a doubling', () => {
    const random = new Random(9);
    const max = 50;
    const series = new Thinning<number>(1, max);
    let epoch = 0;
    for (let i = 0; i < 5000; i++) {
      epoch += 1 + random.int(40);
      series.offer(epoch, epoch);
      const epochs = series.items.map((item) => item.epoch);
      assert.ok(epochs.length <= max + 1, `${epochs.length} items`);
      assert.equal(epochs.at(-1), epoch, 'the newest is kept');
      assert.ok(
        epochs.every((e, k) => k === 0 || e > epochs[k - 1]),
        'in order',
      );
    }
    // Thinned, not emptied: a doubling takes about every other item.
    assert.ok(series.items.length >= max / 4, `${series.items.length} items`);
  });

  it('offer: the newest beyond the rule is replaced by the next, an item of the same epoch replaces it, an older one is refused', () => {
    const series = new Thinning<string>(4, 10);
    assert.deepEqual(series.offer(0, 'a'), []);
    assert.deepEqual(series.offer(1, 'b'), [], 'kept as the newest');
    assert.deepEqual(series.offer(2, 'c'), ['b']);
    assert.deepEqual(series.offer(2, 'c2'), ['c']);
    assert.deepEqual(series.offer(1, 'old'), ['old']);
    assert.deepEqual(series.offer(4, 'd'), ['c2'], 'the rule wants epoch 4; the newest beyond it goes');
    assert.deepEqual(
      series.items.map((item) => item.value),
      ['a', 'd'],
    );
  });

  it('says which values go when the interval doubles', () => {
    const series = new Thinning<number>(1, 4);
    for (const epoch of [0, 1, 2, 3]) series.add(epoch, epoch);
    assert.deepEqual(series.add(4, 4), [1, 3]);
    assert.deepEqual(
      series.items.map((item) => item.epoch),
      [0, 2, 4],
    );
  });

  it('refuses an interval or a maximum below 1', () => {
    assert.throws(() => new Thinning(0, 10), /interval must be an integer >= 1, got 0/);
    assert.throws(() => new Thinning(1, 0), /max must be an integer >= 1, got 0/);
  });
});
