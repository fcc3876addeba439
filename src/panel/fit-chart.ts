// The fit. One input: the data (test points hollow, outliers marked), the true line when
// the data has one, and each variant's prediction at the shown epoch (the shown run bold,
// the other runs thin). Several inputs: predicted against true on the test rows, one colour
// per variant, with the diagonal where a perfect model would put every point.
import type { ChartDataset } from 'chart.js';
import { Chart, axisStyle } from './chart-setup';
import { fade, toCss } from './color-scale';
import { el, replaceChildren } from './dom';
import { cachedPredict } from './forward';
import { num, pointsShown } from './format';
import { frameAt, type Frame } from './state';
import { valueAt, type Point } from './series';
import { shownRun, type ViewContext } from './view-context';
import type { DatasetSummary } from '../core/results';

type FitDataset = ChartDataset<'scatter' | 'line', Point[]>;

function curveOf(frame: Frame, grid: Float32Array): Float32Array {
  return frame.curve && frame.curve.length === grid.length ? frame.curve : cachedPredict(frame.params, grid, grid.length);
}

function dataPoints(dataset: DatasetSummary): { train: Point[]; test: Point[]; outliers: Point[] } {
  const train: Point[] = [];
  const test: Point[] = [];
  const outliers: Point[] = [];
  for (const [split, target] of [
    [dataset.train, train],
    [dataset.test, test],
  ] as const) {
    for (let i = 0; i < split.n; i++) {
      const p = { x: split.x[i * dataset.d], y: split.y[i] };
      (split.outlier[i] ? outliers : target).push(p);
    }
  }
  return { train, test, outliers };
}

function oneInput(context: ViewContext, dataset: DatasetSummary): FitDataset[] {
  const { theme } = context;
  const grid = dataset.grid!;
  const muted = toCss(theme.muted);
  const { train, test, outliers } = dataPoints(dataset);
  const datasets: FitDataset[] = [];
  context.state.variants.forEach((variant, v) => {
    const color = theme.variants[v % theme.variants.length];
    const shown = shownRun(variant, context.options);
    variant.runs.forEach((run) => {
      if (!run || run === shown) return;
      const frame = frameAt(run.frames, context.epoch);
      if (!frame) return;
      const curve = curveOf(frame, grid);
      datasets.push({ type: 'line', pointStyle: 'line', label: `_${variant.name} run ${run.run + 1}`, data: Array.from(grid, (x, i) => ({ x, y: curve[i] })), borderColor: fade(color, 0.3), borderWidth: 1, pointRadius: 0, order: 2 });
    });
    const frame = shown ? frameAt(shown.frames, context.epoch) : undefined;
    if (!frame) return;
    const curve = curveOf(frame, grid);
    datasets.push({ type: 'line', pointStyle: 'line', label: `${variant.name} (run ${shown!.run + 1})`, data: Array.from(grid, (x, i) => ({ x, y: curve[i] })), borderColor: color, backgroundColor: color, borderWidth: 2.5, pointRadius: 0, order: 1 });
  });
  const c = dataset.trueCoefficients?.[0];
  if (c !== undefined && dataset.trueIntercept !== undefined) {
    const lo = grid[0];
    const hi = grid[grid.length - 1];
    datasets.push({ type: 'line', pointStyle: 'line', label: 'true line', data: [{ x: lo, y: c * lo + dataset.trueIntercept }, { x: hi, y: c * hi + dataset.trueIntercept }], borderColor: fade(muted, 0.9), borderDash: [6, 4], borderWidth: 1, pointRadius: 0, order: 3 });
  }
  datasets.push({ type: 'scatter', label: 'train', data: train, backgroundColor: fade(muted, 0.55), borderColor: fade(muted, 0.55), pointRadius: 2.5, order: 4 });
  datasets.push({ type: 'scatter', label: 'test', data: test, backgroundColor: 'transparent', borderColor: muted, borderWidth: 1.2, pointRadius: 3.5, order: 4 });
  if (outliers.length) {
    datasets.push({ type: 'scatter', label: 'outliers', data: outliers, pointStyle: 'crossRot', borderColor: toCss(theme.error), backgroundColor: toCss(theme.error), borderWidth: 2, pointRadius: 5, order: 0 });
  }
  return datasets;
}

function severalInputs(context: ViewContext, dataset: DatasetSummary): FitDataset[] {
  const { theme } = context;
  const { test } = dataset;
  const datasets: FitDataset[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const y of test.y) {
    lo = Math.min(lo, y);
    hi = Math.max(hi, y);
  }
  context.state.variants.forEach((variant, v) => {
    const color = theme.variants[v % theme.variants.length];
    const run = shownRun(variant, context.options);
    const frame = run ? frameAt(run.frames, context.epoch) : undefined;
    if (!frame) return;
    const predictions = cachedPredict(frame.params, test.x, test.n);
    const points = Array.from(test.y, (y, i) => ({ x: y, y: predictions[i] }));
    for (const p of points) {
      lo = Math.min(lo, p.y);
      hi = Math.max(hi, p.y);
    }
    datasets.push({ type: 'scatter', label: `${variant.name} (run ${run!.run + 1})`, data: points, backgroundColor: fade(color, 0.6), borderColor: color, pointRadius: 3, order: 1 });
  });
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    datasets.push({ type: 'line', pointStyle: 'line', label: 'predicted = true', data: [{ x: lo, y: lo }, { x: hi, y: hi }], borderColor: toCss(theme.muted, 0.8), borderDash: [6, 4], borderWidth: 1, pointRadius: 0, order: 2 });
  }
  return datasets;
}

export class FitChart {
  private chart?: Chart<'scatter', Point[]>;
  private readonly canvas: HTMLCanvasElement;
  private readonly summary: HTMLElement;
  private readonly caption: HTMLElement;

  constructor(private readonly container: HTMLElement) {
    this.canvas = el('canvas', { role: 'img', 'aria-label': 'The fit' });
    this.summary = el('p', { class: 'rx-sr-only' });
    this.caption = el('figcaption', {});
    replaceChildren(container, el('figure', { class: 'rx-card rx-card-wide' }, this.caption, el('div', { class: 'rx-chart rx-chart-fit' }, this.canvas), this.summary));
  }

  update(context: ViewContext): void {
    const dataset = context.state.dataset;
    this.container.hidden = !dataset;
    if (!dataset) return;
    const one = dataset.d === 1 && dataset.grid !== undefined;
    const datasets = one ? oneInput(context, dataset) : severalInputs(context, dataset);
    const xTitle = one ? dataset.inputNames[0] ?? 'x' : `true ${dataset.targetName}`;
    const yTitle = one ? dataset.targetName : `predicted ${dataset.targetName}`;
    this.caption.textContent =
      (one
        ? `Predictions at epoch ${context.epoch} over the data (${dataset.train.rows} train, ${dataset.test.rows} test rows)`
        : `Predicted against true ${dataset.targetName} on the ${dataset.test.rows} test rows, epoch ${context.epoch} (${dataset.d} inputs)`) + pointsShown(dataset, one ? 'train and test' : 'test');
    if (!this.chart) {
      this.chart = new Chart<'scatter', Point[]>(this.canvas, {
        type: 'scatter',
        data: { datasets: [] },
        options: {
          parsing: false,
          plugins: {
            legend: { position: 'bottom', labels: { filter: (item) => !item.text.startsWith('_'), usePointStyle: true, boxHeight: 9, boxWidth: 9 } },
            tooltip: { callbacks: { label: (item) => `${(item.dataset.label ?? '').replace(/^_/, '')}: (${num(item.parsed.x ?? NaN)}, ${num(item.parsed.y ?? NaN)})` } },
          },
        },
      });
    }
    this.chart.data.datasets = datasets as ChartDataset<'scatter', Point[]>[];
    this.chart.options.scales = { x: { type: 'linear', ...axisStyle(context.theme, xTitle) }, y: { type: 'linear', ...axisStyle(context.theme, yTitle) } };
    this.chart.update('none');
    const text = this.describe(context, one);
    this.summary.textContent = text;
    this.canvas.setAttribute('aria-label', text);
  }

  private describe(context: ViewContext, one: boolean): string {
    const parts = context.state.variants.map((variant) => {
      const run = shownRun(variant, context.options);
      const loss = run ? valueAt(run.history, 'testDataLoss', context.epoch) : undefined;
      return loss !== undefined ? `${variant.name} test data loss ${num(loss)}` : `${variant.name} no data yet`;
    });
    return `${one ? 'Fit of each variant over the data' : 'Predicted against true'} at epoch ${context.epoch}: ${parts.join(', ')}.`;
  }

  retheme(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}
