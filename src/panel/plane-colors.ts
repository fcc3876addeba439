// Colours of the decision boundary view, as numbers (pure; the boundary worker paints with
// them, the unit tests check them): Playground's two-class scale, orange for class 0 and
// blue for class 1 through a neutral colour at p = 0.5; for k classes the most probable
// class's colour, as strong as its probability stands above a guess; a hidden neuron's
// output on the same orange-blue scale, negative to positive.
import type { PlaneMaps } from '../core/decision-plane';
import { mix, type Rgba } from './color-scale';

export interface ClassPalette {
  /** One colour per class: class 0 first (Playground's orange), class 1 (its blue), then the others. */
  classes: Rgba[];
  /** Where no class leads: p = 0.5 of two classes, a neuron's 0. */
  neutral: Rgba;
}

/** How far the output map's strongest colour goes from neutral: the points on top, in full colour, stay visible. */
const planeStrength = 0.6;
/** The same for a neuron's thumbnail, which has no points on it. */
const neuronStrength = 0.9;

/** Two classes: p = p(class 1). */
export function probabilityColor(p: number, palette: ClassPalette): Rgba {
  if (!Number.isFinite(p)) return palette.neutral;
  const t = Math.min(1, Math.abs(2 * p - 1)) * planeStrength;
  return mix(palette.neutral, palette.classes[p < 0.5 ? 0 : 1], t);
}

/** k classes: class c leads with probability p; neutral at a guess (1/k), full at certainty. */
export function classColor(c: number, p: number, k: number, palette: ClassPalette): Rgba {
  const t = Number.isFinite(p) ? Math.min(1, Math.max(0, (p - 1 / k) / (1 - 1 / k))) * planeStrength : 0;
  return mix(palette.neutral, palette.classes[c % palette.classes.length], t);
}

/** A value on the orange (negative) - neutral - blue (positive) scale, full colour at ±max. */
export function signedColor(value: number, max: number, palette: ClassPalette): Rgba {
  if (!(max > 0) || !Number.isFinite(value) || value === 0) return palette.neutral;
  return mix(palette.neutral, palette.classes[value < 0 ? 0 : 1], Math.min(1, Math.abs(value) / max) * neuronStrength);
}

function put(out: Uint8ClampedArray, i: number, color: Rgba): void {
  out[4 * i] = color[0];
  out[4 * i + 1] = color[1];
  out[4 * i + 2] = color[2];
  out[4 * i + 3] = 255;
}

/** The output map as RGBA pixels, one per cell (an ImageData's data). */
export function paintOutput(maps: PlaneMaps, palette: ClassPalette): Uint8ClampedArray {
  const cells = maps.size * maps.size;
  const out = new Uint8ClampedArray(cells * 4);
  for (let i = 0; i < cells; i++) {
    put(out, i, maps.classes === 2 ? probabilityColor(maps.probability[i], palette) : classColor(maps.predicted[i], maps.probability[i], maps.classes, palette));
  }
  return out;
}

/** A neuron's map as RGBA pixels, scaled to its own largest |output| so that its shape shows whatever its size. */
export function paintNeuron(values: Float32Array, palette: ClassPalette): Uint8ClampedArray {
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) put(out, i, signedColor(values[i], max, palette));
  return out;
}
