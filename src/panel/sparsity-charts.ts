// Sparsity per layer over the epochs, one chart per variant (the shown run): the share of
// kernel weights with |w| <= threshold as solid lines and of exact zeros as dashed ones,
// one colour per layer. Subgradient L1 leaves weights near zero, never at it: the dashed
// line stays at 0 while the solid one climbs; proximal and cumulative L1 reach exact zeros.
import type { ChartDataset } from 'chart.js';
import { Chart, axisStyle } from './chart-setup';
import { parseColor, toCss } from './color-scale';
import { el, replaceChildren } from './dom';
import { percent } from './format';
import type { Point } from './series';
import { sparsityOverEpochs } from './sparsity';
import { sparsityThreshold, type VariantState } from './state';
import { shownRun, type ViewContext } from './view-context';

function layerName(layer: number, count: number): string {
  return layer === count - 1 ? 'output' : `hidden ${layer + 1}`;
}

export class SparsityCharts {
  private charts: Chart<'line', Point[]>[] = [];
  private summaries: HTMLElement[] = [];
  private signature = '';

  constructor(private readonly container: HTMLElement) {}

  update(context: ViewContext): void {
    const variants = context.state.variants;
    const signature = variants.map((v) => v.name).join('\u0000');
    if (signature !== this.signature) this.rebuild(variants);
    const threshold = sparsityThreshold(context.state);
    variants.forEach((variant, i) => {
      const run = shownRun(variant, context.options);
      const layers = sparsityOverEpochs(run?.frames ?? [], threshold);
      const datasets: ChartDataset<'line', Point[]>[] = [];
      layers.forEach((points, l) => {
        const color = context.theme.layers[l % context.theme.layers.length];
        const name = layerName(l, layers.length);
        datasets.push({ label: name, data: points.map((p) => ({ x: p.epoch, y: p.near * 100 })), borderColor: color, backgroundColor: color, borderWidth: 1.75 });
        datasets.push({
          label: `_${name}, exactly 0`,
          data: points.map((p) => ({ x: p.epoch, y: p.exact * 100 })),
          borderColor: toCss(parseColor(color) ?? context.theme.foreground, 0.85),
          backgroundColor: color,
          borderDash: [4, 3],
          borderWidth: 1.25,
        });
      });
      const chart = this.charts[i];
      chart.data.datasets = datasets;
      chart.options.scales = {
        x: { type: 'linear', ...axisStyle(context.theme, 'epoch'), min: 0, ...(context.state.epochs > 0 ? { max: context.state.epochs } : {}) },
        y: { type: 'linear', ...axisStyle(context.theme, i === 0 ? 'zero weights (%)' : undefined), min: 0, max: 100 },
      };
      chart.options.plugins!.epochMarker = { epoch: context.epoch };
      chart.update('none');
      const last = layers.map((points) => points[points.length - 1]).filter(Boolean);
      const text = last.length
        ? `${variant.name}, run ${(run?.run ?? 0) + 1}, epoch ${last[0].epoch}: ` +
          last.map((p, l) => `${layerName(l, last.length)} ${percent(p.near)} zero (${percent(p.exact)} exactly 0)`).join(', ') +
          '.'
        : `${variant.name}: no snapshots yet.`;
      this.summaries[i].textContent = text;
      chart.canvas.setAttribute('aria-label', `Sparsity per layer over the epochs. ${text}`);
    });
  }

  private rebuild(variants: VariantState[]): void {
    for (const chart of this.charts) chart.destroy();
    this.signature = variants.map((v) => v.name).join('\u0000');
    this.charts = [];
    this.summaries = [];
    const cards = variants.map((variant) => {
      const canvas = el('canvas', { role: 'img' });
      const summary = el('p', { class: 'rx-sr-only' });
      this.summaries.push(summary);
      this.charts.push(
        new Chart<'line', Point[]>(canvas, {
          type: 'line',
          data: { datasets: [] },
          options: {
            parsing: false,
            interaction: { mode: 'nearest', axis: 'x', intersect: false },
            plugins: {
              legend: { position: 'bottom', labels: { filter: (item) => !item.text.startsWith('_') } },
              tooltip: { callbacks: { label: (item) => `${(item.dataset.label ?? '').replace(/^_/, '')}: ${(item.parsed.y ?? 0).toFixed(1)}%` } },
            },
          },
        }),
      );
      return el(
        'figure',
        { class: 'rx-card' },
        el('figcaption', {}, el('span', { class: 'rx-variant-name' }, variant.name), ' ', el('span', { class: 'rx-formula' }, variant.formula)),
        el('div', { class: 'rx-chart rx-chart-sparsity' }, canvas),
        summary,
      );
    });
    replaceChildren(this.container, ...cards);
  }

  retheme(): void {
    this.signature = '';
  }
}
