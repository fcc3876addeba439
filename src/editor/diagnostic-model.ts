// The problems RegX reports in the editor beyond what the JSON schema already shows: its
// own rules, the CSV file, the memory budget, and layers the last training left without a
// live neuron; and the cost of training, for the Train lens. Free of VS Code; diagnostics.ts
// turns these into VS Code diagnostics.
import * as path from 'node:path';
import { checkExperiment, defaultLimits, type CheckLimits, type ExperimentCheck } from '../runtime/check-experiment';
import type { Problem } from '../core/experiment';
import type { ResultsDocument } from '../core/results';
import { resultsAreCurrent, type ExperimentDocument } from './experiment-document';

export async function problemsFor(
  document: ExperimentDocument,
  experimentPath: string,
  workspaceRoot: string | undefined,
  results: ResultsDocument | undefined,
  limits: CheckLimits = defaultLimits,
): Promise<ExperimentCheck> {
  const check = await checkExperiment(document.parsed, document.text, path.resolve(experimentPath), workspaceRoot, limits);
  // Syntax and schema problems come from VS Code's JSON support (contributes.jsonValidation).
  const own = check.problems.filter((p) => p.source === 'rules');
  const problems = [...own, ...(results && resultsAreCurrent(results, document) ? emptyLayerProblems(document, results) : [])];
  return { problems, ...(check.cost ? { cost: check.cost } : {}) };
}

/** A hidden layer with no live neuron in any run of a variant cuts the input off: the model predicts a constant. */
function emptyLayerProblems(document: ExperimentDocument, results: ResultsDocument): Problem[] {
  const problems: Problem[] = [];
  document.layers.forEach((span, layer) => {
    const emptied = results.variants.filter(({ summary }) => summary.liveNeurons.length > 0 && summary.liveNeurons.every((live) => live[layer] === 0));
    if (emptied.length === 0) return;
    const names = emptied.map((v) => v.summary.variant).join(', ');
    problems.push({
      path: `model.layers[${layer}]`,
      message: `${names} left no live neuron in this layer in any run: the network predicts a constant. Try a smaller λ, or fewer epochs.`,
      offset: span.offset,
      length: span.length,
      severity: 'warning',
      source: 'rules',
    });
  });
  return problems;
}
