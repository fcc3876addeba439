// Verifying a suggested size by training it, the first article's second experiment: the
// shrunk network trained again with the same seeds, compared run by run with the original.
// Pure: which sizes to try, when one is accepted, what a collapsed run is and how a result
// reads. runtime/verify-shrink.ts trains.
//
// The rule. Sizes are tried from the smallest up (at most `maxSizes` of them), each trained
// `runs` times on the training rows less a validation share, and scored on those validation
// rows; the original size is trained the same way as the reference. A size is accepted when
// (a) no run collapses to a constant output (nor diverges) and (b) the upper end of the 95%
// interval of the paired difference (size − reference) in total absolute validation error
// is below the margin, by default a tenth of the reference's mean error. With few runs that interval is
// wide, so a noisy small network is not accepted by luck. The test rows play no part in the
// choice; the accepted size is then trained on the whole training split and its test errors
// are reported beside the original's.
import { pairedComparison, type PairedComparison } from './paired';
import { mean, sampleSd } from './statistics';

export type VerificationMode = 'retrain' | 'fine-tune';

export interface VerificationSettings {
  mode: VerificationMode;
  /** The margin as a share of the reference's mean validation error. */
  marginShare: number;
  /** Sizes tried at most, the suggested one first. */
  maxSizes: number;
  /** Share of the training rows held out for choosing, every 1/share-th row. */
  validationShare: number;
}

export const defaultVerificationSettings: VerificationSettings = { mode: 'retrain', marginShare: 0.1, maxSizes: 4, validationShare: 0.2 };

export interface TriedSize {
  sizes: number[];
  /** Total absolute validation error per run (NaN for a diverged run). */
  validationErrors: number[];
  /** Runs (0-based) whose network outputs a constant. */
  collapsedRuns: number[];
  /** This size − the reference, on the validation errors. */
  comparison: PairedComparison;
  accepted: boolean;
  /** Why it was accepted or not, in words. */
  verdict: string;
}

export interface VerifiedSuggestion {
  sizes: number[];
  /** Trained on the whole training split, same seeds: total absolute test error per run. */
  testErrors: number[];
  testMean: number;
  testSd: number;
  collapsedRuns: number[];
  /** The original's test errors (the results being verified), per run. */
  originalTestErrors: number[];
  originalMean: number;
  originalSd: number;
  /** Retrained − original on the test errors: reported, not used to choose. */
  comparison: PairedComparison;
}

export interface ShrinkVerification {
  variant: string;
  settings: VerificationSettings;
  /** The original sizes, trained on the same rows as the sizes tried. */
  reference: { sizes: number[]; validationErrors: number[] };
  margin: number;
  trainRows: number;
  validationRows: number;
  tried: TriedSize[];
  /** The smallest accepted size, trained again on every training row; absent when none passed. */
  suggestion?: VerifiedSuggestion;
  seconds: number;
}

/**
 * The sizes to try, smallest first: the suggested sizes, then each layer doubled (never past
 * its original size) until `maxSizes` sizes or the original sizes are reached; the original
 * itself is the reference, never a candidate.
 */
export function candidateSizes(suggested: readonly number[], original: readonly number[], maxSizes: number): number[][] {
  if (suggested.length !== original.length) throw new RangeError(`candidateSizes: ${suggested.length} suggested sizes for ${original.length} layers`);
  const sizes: number[][] = [];
  let current = suggested.map((s, l) => Math.min(Math.max(1, s), original[l]));
  while (sizes.length < maxSizes && current.some((s, l) => s < original[l])) {
    sizes.push(current);
    current = current.map((s, l) => Math.min(original[l], s * 2));
  }
  return sizes;
}

/** A network whose predictions on the rows do not vary: it learnt a constant (dead units throughout). */
export function isCollapsed(predictions: ArrayLike<number>): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < predictions.length; i++) {
    min = Math.min(min, predictions[i]);
    max = Math.max(max, predictions[i]);
  }
  if (predictions.length < 2) return false;
  return max - min <= 1e-6 * Math.max(1, Math.abs(max), Math.abs(min));
}

/** Judges one size against the reference by the rule above. */
export function judgeSize(sizes: number[], validationErrors: number[], collapsedRuns: number[], referenceErrors: number[], margin: number): TriedSize {
  const comparison = pairedComparison(`[${sizes.join(', ')}]`, validationErrors, 'original', referenceErrors);
  const upper = comparison.interval[1];
  // A run that diverged where the original's did not failed as surely as one that collapsed.
  const diverged = validationErrors.filter((e, run) => !Number.isFinite(e) && Number.isFinite(referenceErrors[run])).length;
  let verdict: string;
  if (collapsedRuns.length > 0) verdict = `${collapsedRuns.length} of ${validationErrors.length} runs collapsed to a constant output`;
  else if (diverged > 0) verdict = `${diverged} of ${validationErrors.length} runs diverged`;
  else if (comparison.runs < 2 || !Number.isFinite(upper)) verdict = `needs at least 2 finished runs, had ${comparison.runs}`;
  else if (upper >= margin) verdict = `not resolved with ${comparison.runs} runs: the difference could be up to ${fixed(upper)}, the margin is ${fixed(margin)}`;
  else verdict = `within the margin: the difference is at most ${fixed(upper)} (95%), below ${fixed(margin)}`;
  const accepted = collapsedRuns.length === 0 && diverged === 0 && comparison.runs >= 2 && Number.isFinite(upper) && upper < margin;
  return { sizes, validationErrors, collapsedRuns, comparison, accepted, verdict };
}

export function suggestionOf(sizes: number[], testErrors: number[], collapsedRuns: number[], originalTestErrors: number[]): VerifiedSuggestion {
  const finite = (values: number[]) => values.filter(Number.isFinite);
  return {
    sizes,
    testErrors,
    testMean: mean(finite(testErrors)),
    testSd: sampleSd(finite(testErrors)),
    collapsedRuns,
    originalTestErrors,
    originalMean: mean(finite(originalTestErrors)),
    originalSd: sampleSd(finite(originalTestErrors)),
    comparison: pairedComparison('retrained', testErrors, 'original', originalTestErrors),
  };
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '-';
}

function meanSd(m: number, sd: number): string {
  return Number.isFinite(sd) ? `${fixed(m)} ± ${fixed(sd)}` : fixed(m);
}

/** "retrained 24.1 ± 5.2 vs 46.9 ± 12.3" (fine-tuned for that mode): the suggestion's test errors beside the original's. */
export function retrainedFigures(verification: ShrinkVerification): string | undefined {
  const s = verification.suggestion;
  if (!s) return undefined;
  return `${verification.settings.mode === 'fine-tune' ? 'fine-tuned' : 'retrained'} ${meanSd(s.testMean, s.testSd)} vs ${meanSd(s.originalMean, s.originalSd)}`;
}

/** "→ 3 neurons: retrained 24.1 ± 5.2 vs 46.9 ± 12.3" for one layer, or what the search found instead. */
export function layerVerdict(verification: ShrinkVerification, layer: number): string {
  const s = verification.suggestion;
  if (!s) return `no smaller size verified (${verification.tried.length} tried)`;
  const size = s.sizes[layer];
  const original = verification.reference.sizes[layer];
  if (size === original) return `keeps ${size}`;
  return `→ ${size} neuron${size === 1 ? '' : 's'}: ${retrainedFigures(verification)}`;
}

/** One line for the whole network: "[10, 10, 10] → [2, 2, 2]: retrained … (3 sizes tried)". */
export function verificationSummary(verification: ShrinkVerification): string {
  const tried = `${verification.tried.length} size${verification.tried.length === 1 ? '' : 's'} tried`;
  const s = verification.suggestion;
  if (!s) return `${verification.variant}: no smaller size passed (${tried}; ${verification.tried.at(-1)?.verdict ?? 'nothing to try'})`;
  return `${verification.variant}: [${verification.reference.sizes.join(', ')}] → [${s.sizes.join(', ')}]: ${retrainedFigures(verification)} (${tried})`;
}

/** The validation rows of a training split of n rows: every k-th row, k = round(1 / share). */
export function validationRows(n: number, share: number): { train: number[]; validation: number[] } {
  const every = Math.max(2, Math.round(1 / share));
  const train: number[] = [];
  const validation: number[] = [];
  for (let r = 0; r < n; r++) (r % every === every - 1 ? validation : train).push(r);
  return { train, validation };
}
