// The status the panel's header shows for an experiment. Pure: no 'vscode' here.
import type { ResultsDocument } from '../core/results';
import type { TrainingStatus } from '../panel/protocol';
import type { TrainerOutcome } from '../runtime/trainer-client';

/**
 * Training while it trains; then how the last training in this window ended when it did
 * not finish (a cancel or a failure never shows as success, even over older whole results);
 * else what the stored results say.
 */
export function trainingStatus(training: boolean, lastEnd: TrainerOutcome['status'] | undefined, results: ResultsDocument | undefined): TrainingStatus {
  if (training) return 'training';
  if (lastEnd === 'cancelled' || lastEnd === 'failed') return lastEnd;
  if (!results) return 'idle';
  return results.cancelled ? 'cancelled' : 'finished';
}
