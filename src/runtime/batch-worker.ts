// The helper thread of a session whose batches run on two threads (batch-threads.ts): it
// instantiates the SIMD kernels over the session's shared memory, then computes the second
// part of every batch (simd-batch.ts' BatchPasses.step) until the session stops it.
import { workerData } from 'node:worker_threads';
import { FAILED, READY, STOP_ROWS, ThreadLink, type HelperData } from './batch-threads';
import { BatchPasses, type BatchPlan } from './simd-batch';
import { kernelsOver } from './simd-kernels';

const { plan, memory, control, errors } = workerData as HelperData<BatchPlan>;
const link = new ThreadLink(control);

try {
  const kernels = kernelsOver(memory);
  if (!kernels) throw new Error('the SIMD kernels do not load in this thread');
  const passes = new BatchPasses(plan, kernels);
  link.setState(READY);
  for (let rows = link.nextStep(); rows !== STOP_ROWS; rows = link.nextStep()) {
    passes.step(1, 2, rows, link.meet);
    link.meet();
  }
} catch (error) {
  errors.postMessage(error instanceof Error ? error.message : String(error));
  link.setState(FAILED);
}
errors.close();
