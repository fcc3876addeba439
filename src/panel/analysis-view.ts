// The analysis of one run as the panel reads it. RunResult.analysis is produced by
// src/core/analysis/runs.ts; stored results may come from an older or newer RegX, so this
// reads it leniently (dead neurons under `dead` or `neurons`, unused inputs as names or as
// {name} objects, the shrink check as one number or as {measured}) and never throws.
import type { DeadNeuronReport, NeuronState } from '../core/analysis/neurons';
import type { Prior } from '../core/analysis/priors';
import type { ShrinkPlan } from '../core/analysis/shrink';
import type { SparsityReport } from '../core/analysis/sparsity';

export interface AnalysisView {
  sparsity?: SparsityReport;
  dead?: DeadNeuronReport;
  unusedInputs: string[];
  plan?: ShrinkPlan;
  /** Largest measured change of a test prediction when the shrink plan is applied. */
  shrinkChange?: number;
  /** The prior of the penalty, when the trainer computed it (for the mse loss). */
  prior?: Prior;
  /** The noise sd the trainer estimated from the training residuals for that prior. */
  temperature?: number;
}

type Loose = Record<string, unknown> | undefined;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function deadReport(value: unknown): DeadNeuronReport | undefined {
  if (!isObject(value) || !Array.isArray(value.layers)) return undefined;
  const ok = value.layers.every((l: unknown) => isObject(l) && Array.isArray(l.neurons));
  return ok ? (value as unknown as DeadNeuronReport) : undefined;
}

function priorOf(value: unknown): Prior | undefined {
  if (!isObject(value)) return undefined;
  if (value.kind === 'gaussian' && typeof value.sd === 'number' && value.sd > 0) return value as unknown as Prior;
  if (value.kind === 'laplace' && typeof value.scale === 'number' && value.scale > 0) return value as unknown as Prior;
  if (value.kind === 'elastic-net' && typeof value.sd === 'number' && typeof value.scale === 'number' && value.sd > 0 && value.scale > 0) {
    return value as unknown as Prior;
  }
  return undefined;
}

export function analysisView(analysis: unknown): AnalysisView {
  const a = (isObject(analysis) ? analysis : undefined) as Loose;
  if (!a) return { unusedInputs: [] };
  const unused = Array.isArray(a.unusedInputs) ? a.unusedInputs : [];
  const shrinkCheck = isObject(a.shrinkCheck) ? a.shrinkCheck : undefined;
  const shrinkChange =
    typeof a.shrinkPredictionChange === 'number' ? a.shrinkPredictionChange
    : typeof shrinkCheck?.measured === 'number' ? shrinkCheck.measured
    : undefined;
  const plan = isObject(a.plan) && Array.isArray(a.plan.layers) ? (a.plan as unknown as ShrinkPlan) : undefined;
  const sparsity = isObject(a.sparsity) && Array.isArray(a.sparsity.layers) ? (a.sparsity as unknown as SparsityReport) : undefined;
  // RunResult.analysis.prior is {temperature, n, prior}; a bare Prior is read too.
  const storedPrior = isObject(a.prior) ? a.prior : undefined;
  const prior = priorOf(storedPrior?.prior) ?? priorOf(storedPrior);
  const temperature = typeof storedPrior?.temperature === 'number' ? storedPrior.temperature : undefined;
  const dead = deadReport(a.dead) ?? deadReport(a.neurons);
  return {
    unusedInputs: unused.map((u: unknown) => (typeof u === 'string' ? u : isObject(u) && typeof u.name === 'string' ? u.name : String(u))),
    ...(sparsity ? { sparsity } : {}),
    ...(dead ? { dead } : {}),
    ...(plan ? { plan } : {}),
    ...(shrinkChange !== undefined ? { shrinkChange } : {}),
    ...(prior ? { prior } : {}),
    ...(prior && temperature !== undefined ? { temperature } : {}),
  };
}

/** Why a hidden neuron is dead, in a few words; undefined when it is alive. */
export function deadReasonText(state: NeuronState | undefined): string | undefined {
  if (!state || state.alive) return undefined;
  const chained = state.chained ? ' (chained)' : '';
  switch (state.reason) {
    case 'incoming':
      return `all incoming weights zero${chained}: constant ${state.constant.toPrecision(3)}`;
    case 'inactive':
      return 'ReLU never active on the training data';
    case 'outgoing':
      return `all outgoing weights zero${chained}`;
    case 'contribution':
      if (state.inactive) return `ReLU never active on the training data${chained}`;
      return `adds at most ${state.contribution.toPrecision(2)} to the next layer (spread ${state.spread.toPrecision(2)} × outgoing |w| ${state.outgoing.toPrecision(2)})${chained}: folded as ${state.constant.toPrecision(3)}`;
  }
}
