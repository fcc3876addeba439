// The decision boundary's Web Worker: the forward pass over the plane's grid and the
// painting of its pixels run here, off the panel's main thread, so that a large network or
// a training streaming snapshots never holds up input. The maths is core/decision-plane.ts
// (features.ts and mlp.ts's forward pass), the colours plane-colors.ts. esbuild bundles this
// file on its own and inlines it in the panel's bundle, which starts it from a blob URL.
import { gridPoints, networkInputs, planeMaps } from '../core/decision-plane';
import { paintNeuron, paintOutput } from './plane-colors';
import type { PlaneJob, PlaneReply } from './plane-protocol';

/** The inputs of the last grid: the same for every frame of a training. */
let lastGrid: { key: string; inputs: Float32Array } | undefined;

function inputsOf(job: PlaneJob): Float32Array {
  const key = JSON.stringify([job.bounds, job.size, job.features, job.standardization]);
  if (lastGrid?.key !== key) lastGrid = { key, inputs: networkInputs(gridPoints(job.bounds, job.size), job.features, job.standardization) };
  return lastGrid.inputs;
}

function answer(job: PlaneJob): { reply: PlaneReply; transfer: Transferable[] } {
  const maps = planeMaps(job.params, inputsOf(job), job.size);
  const output = paintOutput(maps, job.palette);
  const neurons = maps.neurons.map((layer) => layer.map((values) => paintNeuron(values, job.palette)));
  const shares = new Array<number>(maps.classes).fill(0);
  for (const c of maps.predicted) shares[c] += 1 / maps.predicted.length;
  return { reply: { id: job.id, size: job.size, output, neurons, shares }, transfer: [output.buffer, ...neurons.flat().map((n) => n.buffer)] };
}

self.onmessage = (event: MessageEvent<PlaneJob>) => {
  const job = event.data;
  try {
    const { reply, transfer } = answer(job);
    self.postMessage(reply, { transfer });
  } catch (error) {
    self.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies PlaneReply);
  }
};
