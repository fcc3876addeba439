// The panel's side of the boundary worker: starts plane-worker.ts (inlined in the bundle by
// esbuild.mjs as REGX_PLANE_WORKER) from a blob URL, which the page's CSP allows with
// `worker-src blob:`, and hands each job's answer back as a promise.
import type { PlaneJob, PlanePicture, PlaneReply } from './plane-protocol';

declare const REGX_PLANE_WORKER: string;

export class PlaneWorker {
  private readonly worker?: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (picture: PlanePicture) => void; reject: (error: Error) => void }>();
  /** Why the worker cannot run, when it cannot: the view says so instead of drawing. */
  failure?: string;

  constructor() {
    try {
      const url = URL.createObjectURL(new Blob([REGX_PLANE_WORKER], { type: 'text/javascript' }));
      this.worker = new Worker(url, { name: 'regx-decision-boundary' });
      this.worker.onmessage = (event: MessageEvent<PlaneReply>) => this.settle(event.data);
      this.worker.onerror = (event) => this.fail(`its worker stopped: ${event.message || 'unknown error'}`);
    } catch (error) {
      this.fail(`its worker could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  paint(job: Omit<PlaneJob, 'id'>): Promise<PlanePicture> {
    if (!this.worker || this.failure) return Promise.reject(new Error(this.failure ?? 'no worker'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker!.postMessage({ ...job, id } satisfies PlaneJob);
    });
  }

  private settle(reply: PlaneReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
  }

  private fail(message: string): void {
    this.failure = message;
    for (const { reject } of this.waiting.values()) reject(new Error(message));
    this.waiting.clear();
  }
}
