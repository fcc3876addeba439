// Colours as numbers: parsing the theme's CSS colours, mixing them, and the diverging scale
// of the weight heatmaps (negative - neutral at zero - positive). Pure, unit-tested.

export type Rgba = [number, number, number, number];

/** #rgb, #rgba, #rrggbb, #rrggbbaa, rgb() and rgba(); undefined for anything else. */
export function parseColor(text: string | undefined): Rgba | undefined {
  if (!text) return undefined;
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length !== 6 && h.length !== 8) return undefined;
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(([^)]+)\)$/.exec(s);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return undefined;
    const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
    const alpha = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    const rgba: Rgba = [channel(parts[0]), channel(parts[1]), channel(parts[2]), alpha];
    return rgba.every(Number.isFinite) ? rgba : undefined;
  }
  return undefined;
}

/** a + (b - a)·t per channel (alpha too). */
export function mix(a: Rgba, b: Rgba, t: number): Rgba {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, a[3] + (b[3] - a[3]) * t];
}

/** A colour with alpha composited over an opaque background. */
export function over(color: Rgba, background: Rgba): Rgba {
  const a = color[3];
  return [color[0] * a + background[0] * (1 - a), color[1] * a + background[1] * (1 - a), color[2] * a + background[2] * (1 - a), 1];
}

export function toCss(color: Rgba, alpha = color[3]): string {
  const c = (v: number) => Math.round(Math.min(255, Math.max(0, v)));
  return alpha >= 1 ? `rgb(${c(color[0])}, ${c(color[1])}, ${c(color[2])})` : `rgba(${c(color[0])}, ${c(color[1])}, ${c(color[2])}, ${+alpha.toFixed(3)})`;
}

/** A CSS colour at the given alpha (a colour it cannot parse, as it is). */
export function fade(color: string, alpha: number): string {
  const c = parseColor(color);
  return c ? toCss(c, alpha) : color;
}

/** Relative luminance (WCAG), 0 for black to 1 for white. */
export function luminance(color: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(color[0]) + 0.7152 * lin(color[1]) + 0.0722 * lin(color[2]);
}

export interface DivergingScale {
  negative: Rgba;
  neutral: Rgba;
  positive: Rgba;
}

/**
 * The colour of `value` on a scale symmetric around zero: 0 is the neutral midpoint,
 * -max and +max (and beyond) the two ends. In between the colour moves by (|value|/max)^gamma:
 * gamma 1 is linear; gamma 0.5 (the heatmaps') spreads the small weights, so weights a
 * tenth of the largest still show while zeros stay neutral. max <= 0 or not finite gives
 * the midpoint for every value (a layer of zeros).
 */
export function divergingColor(value: number, max: number, scale: DivergingScale, gamma = 1): Rgba {
  if (!(max > 0) || !Number.isFinite(max) || !Number.isFinite(value) || value === 0) return scale.neutral;
  const t = Math.min(1, Math.abs(value) / max) ** gamma;
  return mix(scale.neutral, value < 0 ? scale.negative : scale.positive, t);
}

/** The largest |value|, 0 for none. */
export function maxAbs(...arrays: ArrayLike<number>[]): number {
  let max = 0;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const a = Math.abs(values[i]);
      if (a > max && Number.isFinite(a)) max = a;
    }
  }
  return max;
}
