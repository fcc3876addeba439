// The decision boundary's Web Worker: the forward pass over the plane's grid and the
// painting of its pixels (plane-job.ts) run here, off the panel's main thread, so that a
// large network or a training streaming snapshots never holds up input. esbuild bundles this
// file on its own and inlines it in the panel's bundle, which starts it from a blob URL.
import { paintJob } from './plane-job';
import type { PlaneJob, PlaneReply } from './plane-protocol';

self.onmessage = (event: MessageEvent<PlaneJob>) => {
  const job = event.data;
  try {
    const { picture, transfer } = paintJob(job);
    self.postMessage(picture satisfies PlaneReply, { transfer });
  } catch (error) {
    self.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies PlaneReply);
  }
};
