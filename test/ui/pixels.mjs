// Pixels of the panel's canvases, for the UI checks. canvasStats and bodyLook run in the
// webview (Playwright sends their source, so they are self-contained); the others compare
// or describe what they returned, in Node.

/**
 * What each canvas holds, computed in the page (self-contained: Playwright sends its source):
 * its size, how many pixels are drawn (alpha > 0), how many differ from its most common
 * colour (its background), how many distinct colours, the mean luminance (0..1) of the drawn
 * pixels, and a hash of all the data.
 */
export function canvasStats(canvases, stride = 0) {
  return canvases.map((canvas) => {
  const width = canvas.width;
  const height = canvas.height;
  const ctx = canvas.getContext('2d');
  if (!ctx || width === 0 || height === 0) return { width, height, pixels: 0, drawn: 0, drawnShare: 0, offBackground: 0, offBackgroundShare: 0, colours: 0, luminance: NaN, hash: '0' };
  const data = ctx.getImageData(0, 0, width, height).data;
  const counts = new Map();
  let drawn = 0;
  let lum = 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < data.length; i += 4) {
    const key = ((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    hash = Math.imul(hash ^ key, 0x01000193) >>> 0;
    if (data[i + 3] > 0) {
      drawn++;
      lum += (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255;
    }
  }
  const pixels = width * height;
  const background = Math.max(...counts.values());
  return {
    width,
    height,
    pixels,
    drawn,
    drawnShare: drawn / pixels,
    offBackground: pixels - background,
    offBackgroundShare: (pixels - background) / pixels,
    colours: counts.size,
    luminance: drawn ? lum / drawn : NaN,
    hash: hash.toString(16),
    // Every stride-th pixel of every stride-th row, to compare two images in Node.
    sample: stride > 0 ? sampleOf(data, width, height, stride) : undefined,
  };
  });
  function sampleOf(data, width, height, stride) {
    const out = [];
    for (let y = 0; y < height; y += stride) {
      for (let x = 0; x < width; x += stride) {
        const i = 4 * (y * width + x);
        out.push(((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0);
      }
    }
    return out;
  }
}

/** The share of sampled pixels that differ between two lists of canvas stats (same canvases). */
export function changedShare(a, b) {
  let changed = 0;
  let total = 0;
  a.forEach((s, i) => {
    const t = b[i]?.sample ?? [];
    const n = Math.max(s.sample.length, t.length);
    total += n;
    for (let k = 0; k < n; k++) if (s.sample[k] !== t[k]) changed++;
  });
  return total ? changed / total : 0;
}

/** The body's class and its background's luminance (0..1). */
export function bodyLook() {
  const bg = getComputedStyle(document.body).backgroundColor;
  const m = bg.match(/[\d.]+/g)?.map(Number) ?? [];
  const [r = 0, g = 0, b = 0] = m;
  return { className: document.body.className, background: bg, luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 };
}

export const fmtStats = (s) => `${s.width}×${s.height}, ${(100 * s.drawnShare).toFixed(0)}% drawn, ${(100 * s.offBackgroundShare).toFixed(1)}% off-background, ${s.colours} colours`;
