// Loss curves, one chart per variant side by side on a shared y axis: train and test data
// loss, the penalty, and the total the optimizer minimizes, with the runs as a band
// (min to max around the mean) or as thin lines, one per run.
import type { ChartDataset } from 'chart.js';
import { Chart, axisStyle, groupedLegend } from './chart-setup';
import { fade } from './color-scale';
import { el, replaceChildren } from './dom';
import { num } from './format';
import { band, lossLabels, niceBounds, seriesOf, thin, type LossKey, type Point } from './series';
import type { VariantState } from './state';
import type { ViewContext } from './view-context';

const keys: LossKey[] = ['trainDataLoss', 'testDataLoss', 'trainPenalty', 'total'];
/** Points per series: about the chart's width in pixels; more only costs drawing time. */
const maxPoints = 500;

interface Card {
  variant: string;
  chart: Chart<'line', Point[]>;
  summary: HTMLElement;
  /** The loss key of each dataset, for the legend: one entry per key toggles all its datasets. */
  keyOf: LossKey[];
}

function colorOf(context: ViewContext, key: LossKey): string {
  const l = context.theme.loss;
  return key === 'trainDataLoss' ? l.train : key === 'testDataLoss' ? l.test : key === 'trainPenalty' ? l.penalty : l.total;
}

function dashOf(key: LossKey): number[] {
  return key === 'testDataLoss' ? [5, 3] : key === 'trainPenalty' ? [2, 2] : [];
}

/** Chart.js cannot draw 0 or less on a log axis: those points become gaps. */
function forScale(points: Point[], log: boolean): Point[] {
  return log ? points.map((p) => (p.y > 0 ? p : { x: p.x, y: NaN })) : points;
}

function datasetsOf(variant: VariantState, context: ViewContext): { datasets: ChartDataset<'line', Point[]>[]; keyOf: LossKey[] } {
  const datasets: ChartDataset<'line', Point[]>[] = [];
  const keyOf: LossKey[] = [];
  const log = context.options.logScale;
  const histories = variant.runs.filter((r) => r && r.history.epoch.length > 0).map((r) => r.history);
  const penalized = variant.penalty ? variant.penalty.l1 > 0 || variant.penalty.l2 > 0 || (variant.penalty.group ?? 0) > 0 : histories.some((h) => h.trainPenalty.some((p) => p > 0));
  // The previous training's mean test loss of this variant, faint: what the change did.
  const ghostRuns = context.state.ghost?.variants.find((v) => v.variant.name === variant.name)?.runs.map((r) => r.history) ?? [];
  if (ghostRuns.length > 0) {
    const previous = band(ghostRuns, 'testDataLoss', maxPoints).map((p) => ({ x: p.x, y: p.mean }));
    datasets.push({ label: `_${lossLabels.testDataLoss}, previous training`, data: forScale(previous, log), borderColor: fade(colorOf(context, 'testDataLoss'), 0.3), backgroundColor: 'transparent', borderDash: [1, 2], borderWidth: 1.5 });
    keyOf.push('testDataLoss');
  }
  for (const key of keys) {
    if (!penalized && (key === 'trainPenalty' || key === 'total')) continue;
    const color = colorOf(context, key);
    const label = lossLabels[key];
    if (context.options.runsAs === 'band' && histories.length > 1) {
      const points = band(histories, key, maxPoints);
      const mean = forScale(points.map((p) => ({ x: p.x, y: p.mean })), log);
      // The total's band would only repeat the data loss's, shifted: its mean line is enough.
      if (key !== 'total') {
        const upper = forScale(points.map((p) => ({ x: p.x, y: p.max })), log);
        const lower = forScale(points.map((p) => ({ x: p.x, y: p.min })), log);
        datasets.push({ label: `_${label} max`, data: upper, borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: fade(color, 0.13), borderColor: 'transparent' });
        keyOf.push(key);
        datasets.push({ label: `_${label} min`, data: lower, borderWidth: 0, pointRadius: 0, fill: false, borderColor: 'transparent' });
        keyOf.push(key);
      }
      datasets.push({ label, data: mean, borderColor: color, backgroundColor: color, borderDash: dashOf(key), borderWidth: key === 'total' ? 2 : 1.5 });
      keyOf.push(key);
    } else {
      histories.forEach((history, i) => {
        datasets.push({
          label: i === 0 ? label : `_${label} run ${i + 1}`,
          data: forScale(thin(seriesOf(history, key), maxPoints), log),
          borderColor: histories.length > 1 ? fade(color, 0.75) : color,
          backgroundColor: color,
          borderDash: dashOf(key),
          borderWidth: histories.length > 1 ? 1 : 1.5,
        });
        keyOf.push(key);
      });
    }
  }
  return { datasets, keyOf };
}

/** Log-axis labels at 1, 2 and 5 times a power of ten only, written short. */
function logTick(value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const mantissa = Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
  return mantissa === 1 || mantissa === 2 || mantissa === 5 ? num(v) : '';
}

/** The y range shared by every variant's chart, so heights compare across charts. */
function sharedRange(all: ChartDataset<'line', Point[]>[][], log: boolean): { min?: number; max?: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const datasets of all) {
    for (const d of datasets) {
      for (const p of d.data) {
        if (!Number.isFinite(p.y) || (log && p.y <= 0)) continue;
        min = Math.min(min, p.y);
        max = Math.max(max, p.y);
      }
    }
  }
  if (!(max >= min)) return {};
  return niceBounds(min, max, log);
}

function summaryText(variant: VariantState): string {
  const parts: string[] = [];
  variant.runs.forEach((run) => {
    if (!run || run.history.epoch.length === 0) return;
    const i = run.history.epoch.length - 1;
    parts.push(
      `run ${run.run + 1} at epoch ${run.history.epoch[i]}: train ${num(run.history.trainDataLoss[i])}, test ${num(run.history.testDataLoss[i])}, penalty ${num(run.history.trainPenalty[i])}`,
    );
  });
  return parts.length ? `${variant.name}: ${parts.join('; ')}.` : `${variant.name}: no epochs yet.`;
}

export class LossCharts {
  private cards: Card[] = [];
  private signature = '';

  constructor(private readonly container: HTMLElement) {}

  update(context: ViewContext): void {
    const { variants } = context.state;
    const signature = variants.map((v) => v.name).join('\u0000');
    if (signature !== this.signature) this.rebuild(context);
    const all = variants.map((v) => datasetsOf(v, context));
    const range = sharedRange(all.map((a) => a.datasets), context.options.logScale);
    this.cards.forEach((card, i) => {
      const { datasets, keyOf } = all[i];
      card.keyOf = keyOf;
      card.chart.data.datasets = datasets;
      const axis = axisStyle(context.theme, i === 0 ? 'loss' : undefined);
      const y = context.options.logScale
        ? { type: 'logarithmic' as const, ...axis, ticks: { ...axis.ticks, callback: logTick }, ...range }
        : { type: 'linear' as const, ...axis, ...range };
      const x = { type: 'linear' as const, ...axisStyle(context.theme, 'epoch'), min: 0, ...(context.state.epochs > 0 ? { max: context.state.epochs } : {}) };
      card.chart.options.scales = { x, y };
      card.chart.options.plugins!.epochMarker = { epoch: context.epoch };
      card.chart.update('none');
      card.summary.textContent = summaryText(variants[i]);
      card.chart.canvas.setAttribute('aria-label', `Loss curves of ${variants[i].name}: ${summaryText(variants[i])}`);
    });
  }

  private rebuild(context: ViewContext): void {
    for (const card of this.cards) card.chart.destroy();
    this.cards = [];
    this.signature = context.state.variants.map((v) => v.name).join('\u0000');
    const cards = context.state.variants.map((variant) => {
      const canvas = el('canvas', { role: 'img', 'aria-label': `Loss curves of ${variant.name}` });
      const summary = el('p', { class: 'rx-sr-only' });
      const card = el(
        'figure',
        { class: 'rx-card' },
        el('figcaption', {}, el('span', { class: 'rx-variant-name' }, variant.name), ' ', el('span', { class: 'rx-formula' }, variant.formula)),
        el('div', { class: 'rx-chart rx-chart-loss' }, canvas),
        summary,
      );
      const entry: Card = { variant: variant.name, summary, keyOf: [], chart: undefined as unknown as Chart<'line', Point[]> };
      entry.chart = new Chart<'line', Point[]>(canvas, {
        type: 'line',
        data: { datasets: [] },
        options: {
          parsing: false,
          normalized: true,
          spanGaps: true,
          interaction: { mode: 'nearest', axis: 'x', intersect: false },
          plugins: {
            legend: groupedLegend((i) => entry.keyOf[i]),
            tooltip: {
              // The band's edges are not series of their own; lines of later runs are ("_… run 3").
              filter: (item) => !/^_.* (min|max)$/.test(item.dataset.label ?? ''),
              callbacks: { label: (item) => `${(item.dataset.label ?? '').replace(/^_/, '')}: ${num(item.parsed.y ?? NaN)}` },
            },
          },
        },
      });
      this.cards.push(entry);
      return card;
    });
    replaceChildren(this.container, ...cards);
  }

  /** After a theme switch: rebuild so every colour is the new theme's. */
  retheme(): void {
    this.signature = '';
  }
}
