// What the boundary worker does with one job, without the worker around it (unit-tested):
// the grid's inputs (kept while the grid stays the same), the maps of one forward pass, and
// their pixels, with the buffers to transfer back.
import { gridPoints, networkInputs, planeMaps } from '../core/decision-plane';
import { paintNeuron, paintOutput } from './plane-colors';
import type { PlaneJob, PlanePicture } from './plane-protocol';

/** The inputs of the last grid: the same for every frame of a training. */
let lastGrid: { key: string; inputs: Float32Array } | undefined;

function inputsOf(job: PlaneJob): Float32Array {
  const key = JSON.stringify([job.bounds, job.size, job.features, job.standardization]);
  if (lastGrid?.key !== key) lastGrid = { key, inputs: networkInputs(gridPoints(job.bounds, job.size), job.features, job.standardization) };
  return lastGrid.inputs;
}

/** The pictures of one job, and the buffers that can move to the page instead of being copied. */
export function paintJob(job: PlaneJob): { picture: PlanePicture; transfer: ArrayBuffer[] } {
  const maps = planeMaps(job.params, inputsOf(job), job.size);
  const output = paintOutput(maps, job.palette);
  const neurons = maps.neurons.map((layer) => layer.map((values) => paintNeuron(values, job.palette)));
  const shares = new Array<number>(maps.classes).fill(0);
  for (const c of maps.predicted) shares[c] += 1 / maps.predicted.length;
  return { picture: { id: job.id, size: job.size, output, neurons, shares }, transfer: [output.buffer as ArrayBuffer, ...neurons.flat().map((n) => n.buffer as ArrayBuffer)] };
}
