// The results table the CLI prints, as in the first article: per variant the total absolute
// test error of every run (a classifier's test log-loss and accuracy), their mean and spread,
// then what the penalty did to the weights.
import type { Experiment } from '../core/experiment';
import { MAX_SNAPSHOT_VALUES_PER_RUN } from '../core/limits';
import { computedOn, type ResultsDocument } from '../core/results';
import { verificationSummary, type ShrinkVerification } from '../core/analysis/shrink-verification';
import { comparisonFamilies, comparisonHeaders, comparisonRows, deadBeforeTraining, isClassifierResults, pruningCheckNote, summaryHeaders, summaryHeadersOf, summaryRows, WHOLE_ZERO_NOTE } from '../core/results-table';
import { judgedErrorName, type JudgedErrorName } from '../core/judged-error';
import { pathHeaders, pathNotes, pathRows, sgdHeader } from '../core/path/path-table';

export { comparisonHeaders, comparisonRows, summaryHeaders, summaryRows };

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatReport(document: ResultsDocument): string {
  const { experiment } = document;
  const runs = document.variants.reduce((sum, v) => sum + v.runs.length, 0);
  const pathCount = document.paths?.length ?? 0;
  const title = `${experiment.name}: ${document.variants.length} variant(s) × ${experiment.runs} run(s)${pathCount > 0 ? ` and ${pathCount} path(s)` : ''}, ${experiment.training.epochs} epochs, ` +
    `${computedOn(document)}, ${runs} runs in ${document.seconds.toFixed(1)} s${document.cancelled ? ' (cancelled)' : ''}`;
  const { dataset } = document;
  const units = dataset.standardization
    ? ` in ${dataset.targetName}'s own units (the network trained on it standardized: mean ${+dataset.standardization.targetMean.toPrecision(4)}, sd ${+dataset.standardization.targetStd.toPrecision(4)}; predictions are mapped back first)`
    : '';
  const dead = deadBeforeTraining(document);
  const classes = dataset.classes ? ` of ${dataset.classes.length} classes (${dataset.classes.join(', ')})` : '';
  const notes = [
    isClassifierResults(document)
      ? `Test log-loss: the mean cross-entropy (${experiment.training.loss}) over the ${document.dataset.test.rows} test rows${classes}; accuracy: the share of them whose predicted class (the largest logit, or logit > 0 for one) is their label; misclassified: their count, mean over the runs.`
      : `Test |error|: sum over the ${document.dataset.test.rows} test rows of |prediction - target|; MAE, RMSE, R² on the same rows, means over the runs${units}.`,
    `Zero weights: kernel weights with |w| <= ${experiment.sparsity.threshold}. Live neurons: those whose activation spread over the training rows × outgoing weight exceeds that, or that fire beyond it on a test row.` +
      ` Suggested: the largest live count over the runs, per hidden layer. ${pruningCheckNote(document)}`,
  ];
  if (experiment.model.layers.length > 0) notes.push(WHOLE_ZERO_NOTE);
  if (document.variants.some((v) => v.summary.certifiedZeros)) {
    notes.push(`Certified zeros: zero weights of the ${document.experiment.model.layers.length === 0 ? 'linear model' : 'last layer (given the layers before it)'} with |∂(data loss)/∂w| <= l1 on the training rows, the lasso's condition for a weight that belongs at 0.`);
  }
  const shrinking = document.variants.filter((v) => v.summary.suggestedSizes.some((s, l) => s < v.summary.layerSizes[l]));
  if (shrinking.length > 0 && !document.shrinkVerification) {
    notes.push(`The suggested sizes come from the trained weights alone; \`regx verify-shrink ${document.experimentFile}\` trains them again with the same seeds and says which pass.`);
  }
  if (dead) notes.push(`Dead at start (already dead or constant on every training row at the initial weights, so no gradient revives them; apart from those training switched off): ${dead}.`);
  const frames = document.snapshotFrames;
  if (frames && frames.perRun < frames.requested) {
    notes.push(`Snapshots: ${frames.perRun} weight frames per run of the ${frames.requested} asked, so that a run's frames stay within ${MAX_SNAPSHOT_VALUES_PER_RUN.toLocaleString('en-US')} values.`);
  }
  const paired = comparisonFamilies(document.comparisons ?? [], judgedErrorName(experiment.training.loss).short).flatMap(({ title, comparisons }) => ['', `${title}:`, formatTable(comparisonHeaders, comparisonRows(comparisons))]);
  const paths = (document.paths ?? []).flatMap((path) => ['', `Path ${path.variant}:`, formatTable(path.sgd ? [...pathHeaders, sgdHeader] : pathHeaders, pathRows(path, dataset.d)), ...pathNotes(path)]);
  if (document.variants.length === 0) return [title, ...paths].join('\n');
  return [title, '', formatTable(summaryHeadersOf(document), summaryRows(document)), ...paired, '', ...notes, ...paths].join('\n');
}

/** What verify-shrink found: per variant every size tried on the validation rows, then the accepted size's test errors beside the original's. */
export function formatVerification(verifications: readonly ShrinkVerification[], seconds: number, judged: JudgedErrorName = judgedErrorName('mse')): string {
  const measure = judged.short.replace(/^test /, '');
  const fixed = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
  const blocks = verifications.map((v) => {
    const rows = [
      [`[${v.reference.sizes.join(', ')}] (original)`, v.reference.validationErrors.map(fixed).join(' '), '-', 'reference'],
      ...v.tried.map((t) => [`[${t.sizes.join(', ')}]`, t.validationErrors.map(fixed).join(' '), fixed(t.comparison.interval[1]), t.verdict]),
    ];
    const lines = [
      `${v.variant}: ${v.settings.mode === 'fine-tune' ? 'fine-tuned from the pruned weights' : 'retrained from the initial weights of each seed'}, on ${v.trainRows} training rows, chosen on ${v.validationRows} validation rows carved from the training split; margin ${fixed(v.margin)} (${v.settings.marginShare} of the original's mean validation error); ${v.tried.length} of at most ${v.settings.maxSizes} sizes tried`,
      formatTable(['Sizes', `Validation ${measure} per run`, 'Upper 95% of the difference', 'Verdict'], rows),
    ];
    const s = v.suggestion;
    if (s) {
      const c = s.comparison;
      lines.push(
        `${verificationSummary(v)}`,
        `  ${judged.short} per run, trained on every training row: ${s.testErrors.map(fixed).join(' ')}; original: ${s.originalTestErrors.map(fixed).join(' ')}` +
          `; retrained − original ${fixed(c.meanDifference)}, 95% interval ${fixed(c.interval[0])} to ${fixed(c.interval[1])}${c.resolved ? '' : `, not resolved with ${c.runs} runs`}` +
          (s.collapsedRuns.length > 0 ? `; ${s.collapsedRuns.length} run(s) collapsed` : ''),
      );
    } else {
      lines.push(verificationSummary(v));
    }
    return lines.join('\n');
  });
  return [...blocks, `verification took ${seconds.toFixed(1)} s`].join('\n\n');
}

/** What a cancelled training kept: "kept 4 of 10 runs (L1: runs 1-3; L2: run 1)", or that no run had finished. */
export function describeKept(kept: ResultsDocument | undefined, experiment: Experiment, variants?: string[]): string {
  const planned = experiment.variants.filter((v) => !v.path && (!variants || variants.includes(v.name))).length * experiment.runs;
  const trained = kept?.variants.filter((v) => v.runs.length > 0) ?? [];
  const count = trained.reduce((sum, v) => sum + v.runs.length, 0);
  if (count === 0) return `none of ${planned} runs had finished`;
  return `kept ${count} of ${planned} runs (${trained.map((v) => `${v.variant.name}: ${runNumbers(v.runs.map((r) => r.run))}`).join('; ')})`;
}

/** Runs as people count them, from 1, in ranges: "run 2", "runs 1-3, 5". */
function runNumbers(runs: number[]): string {
  const sorted = [...runs].sort((a, b) => a - b).map((r) => r + 1);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `${sorted.length === 1 ? 'run' : 'runs'} ${ranges.join(', ')}`;
}
