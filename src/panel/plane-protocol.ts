// The panel <-> boundary worker channel: the panel asks for the pictures of one frame's
// weights over the plane, the worker answers with them as RGBA pixels (plane-worker.ts).
import type { PlaneBounds } from '../core/decision-plane';
import type { FeatureId } from '../core/features';
import type { Params } from '../core/mlp';
import type { ClassPalette } from './plane-colors';

export interface PlaneJob {
  id: number;
  params: Params;
  /** The network's inputs, in order (core/features.ts). */
  features: FeatureId[];
  standardization?: { inputMean: number[]; inputStd: number[] };
  bounds: PlaneBounds;
  /** Cells per side of every map. */
  size: number;
  palette: ClassPalette;
}

export interface PlanePicture {
  id: number;
  size: number;
  /** The output map: size × size RGBA pixels, row 0 at the top of the plane. */
  output: Uint8ClampedArray;
  /** Per hidden layer, per neuron: its own output, the same way. */
  neurons: Uint8ClampedArray[][];
  /** The share of the plane's cells each class wins. */
  shares: number[];
}

export type PlaneReply = PlanePicture | { id: number; error: string };
