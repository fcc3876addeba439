// The results table the CLI prints, as in the first article: per variant the total absolute
// test error of every run, their mean and spread, then what the penalty did to the weights.
import type { ResultsDocument, VariantSummary } from '../core/results';

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-';
}

/** Live neurons of each hidden layer across runs: "3" when every run agrees, "2-4" when not. */
function liveRange(summary: VariantSummary): string {
  if (summary.layerSizes.length === 0) return '(linear)';
  return summary.layerSizes
    .map((size, layer) => {
      const counts = summary.liveNeurons.map((live) => live[layer]);
      if (counts.length === 0) return `?/${size}`;
      const low = Math.min(...counts);
      const high = Math.max(...counts);
      return `${low === high ? low : `${low}-${high}`}/${size}`;
    })
    .join(' ');
}

export function summaryRows(document: ResultsDocument): string[][] {
  return document.variants.map(({ summary }) => [
    summary.variant,
    summary.formula,
    summary.testAbsError.map((e) => fixed(e)).join(' ') + (summary.diverged ? ` (+${summary.diverged} diverged)` : ''),
    `${fixed(summary.testAbsErrorMean)} ± ${fixed(summary.testAbsErrorSd)}`,
    `${percent(summary.zeroShare)} (${percent(summary.exactZeroShare)} exact)`,
    liveRange(summary),
    summary.layerSizes.length === 0 ? '-' : `[${summary.suggestedSizes.join(', ')}]`,
    summary.unusedInputs.length === 0 ? '-' : summary.unusedInputs.join(' '),
  ]);
}

export const summaryHeaders = ['Variant', 'Penalty', 'Test |error| per run', 'Mean ± sd', 'Zero weights', 'Live neurons', 'Suggested', 'Unused inputs'];

export function formatReport(document: ResultsDocument): string {
  const { experiment } = document;
  const runs = document.variants.reduce((sum, v) => sum + v.runs.length, 0);
  const title = `${experiment.name}: ${document.variants.length} variant(s) × ${experiment.runs} run(s), ${experiment.training.epochs} epochs, ` +
    `${document.engine} engine on ${document.backend}, ${runs} runs in ${document.seconds.toFixed(1)} s${document.cancelled ? ' (cancelled)' : ''}`;
  const notes = [
    `Test |error|: sum over the ${document.dataset.test.n} test rows of |prediction - target|.`,
    `Zero weights: kernel weights with |w| <= ${experiment.sparsity.threshold}. Suggested: the largest live count over the runs, per hidden layer;` +
      ` applying it changes test predictions by at most ${Math.max(...document.variants.map((v) => v.summary.shrinkPredictionChange)).toExponential(1)}.`,
  ];
  return [title, '', formatTable(summaryHeaders, summaryRows(document)), '', ...notes].join('\n');
}
