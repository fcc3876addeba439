// A histogram of every kernel weight per variant (the shown run at the shown epoch), as a
// density, with the prior the penalty stands for drawn over it: Laplace for L1, Gaussian
// for L2 (src/panel/prior.ts says how its scale is found). All variants share the x
// range, so L1's spike at zero and L2's wider bell compare directly.
import type { ChartDataset } from 'chart.js';
import { analysisView } from './analysis-view';
import { Chart, axisStyle } from './chart-setup';
import { maxAbs, parseColor, toCss } from './color-scale';
import { el, replaceChildren } from './dom';
import { num, percent } from './format';
import { histogram, kernelWeights, kernelWeightsByOrigin } from '../core/analysis/histogram';
import { deadNeuronsOf } from './heatmaps';
import { noiseTemperature, priorDensity, priorFromTemperature, type Prior } from '../core/analysis/priors';
import { describePrior, priorAssumptions, priorCurve, quantileAbs, symmetricRange } from './prior';
import type { Point } from './series';
import { valueAt } from './series';
import { sparsityThreshold, type Frame, type PanelState, type RunState, type VariantState } from './state';
import { shownFrame, shownRun, type ViewContext } from './view-context';

const bins = 41;
/** The x range holds this share of the weights (all variants together); the rest are counted, not drawn. */
const coverage = 0.98;


/** The prior to draw for a variant at a frame: the trainer's when it stored one for these weights, else from the training loss. */
export function priorAt(state: PanelState, variant: VariantState, run: RunState | undefined, frame: Frame): { prior?: Prior; source: string } {
  const result = run?.result;
  if (result && frame.epoch === result.epochs) {
    const { prior, temperature } = analysisView(result.analysis);
    if (prior) return { prior, source: temperature !== undefined ? `noise temperature ${num(temperature)} from the final training loss` : 'from the trainer' };
  }
  const penalty = variant.penalty;
  const n = state.dataset?.train.rows ?? 0;
  const lossName = state.experiment?.training.loss;
  if (!penalty || !run || !lossName) return { source: penalty ? 'needs the experiment' : 'penalty unknown' };
  // The group lasso's prior is one over whole groups: no curve over single weights stands for it.
  if (penalty.group) return { source: 'group lasso: a prior over whole groups, not drawn per weight' };
  if (penalty.l1 <= 0 && penalty.l2 <= 0) return { source: 'no penalty: flat prior' };
  const loss = valueAt(run.history, 'trainDataLoss', frame.epoch);
  if (loss === undefined) return { source: 'no training loss yet' };
  const prior = priorFromTemperature(penalty, noiseTemperature(lossName, loss), n);
  return prior ? { prior, source: `noise from the ${lossName} training loss ${num(loss)}, N = ${n}` } : { source: 'training loss is 0' };
}

export class HistogramCharts {
  private charts: Chart<'bar', Point[]>[] = [];
  private captions: HTMLElement[] = [];
  private notes: HTMLElement[] = [];
  private summaries: HTMLElement[] = [];
  private signature = '';

  constructor(private readonly container: HTMLElement) {}

  update(context: ViewContext): void {
    const { state, theme } = context;
    const variants = state.variants;
    const signature = variants.map((v) => v.name).join('\u0000');
    if (signature !== this.signature) this.rebuild(variants);
    const frames = variants.map((v) => shownFrame(v, context));
    const weights = frames.map((f) => (f ? kernelWeights(f.params) : new Float32Array(0)));
    const [lo, hi] = symmetricRange(Math.min(maxAbs(...weights), Math.max(quantileAbs(weights, coverage), 1e-3)));
    const hists = weights.map((w) => histogram(w, bins, [lo, hi]));
    // The same bins split by the neurons the weights belong to, so the weights of neurons dead
    // at the start are not read as the penalty's work; densities over all the weights, stacked.
    const train = state.dataset ? { x: state.dataset.train.x, n: state.dataset.train.n } : undefined;
    const threshold = sparsityThreshold(state);
    const parts = frames.map((f, i) => {
      if (!f) return undefined;
      const byOrigin = kernelWeightsByOrigin(f.params, deadNeuronsOf(shownRun(variants[i], context.options), f, threshold, train));
      const scale = (c: number) => (hists[i].total > 0 ? c / (hists[i].total * hists[i].binWidth) : 0);
      const density = (values: Float32Array) => histogram(values.length > 0 ? values : new Float32Array(0), bins, [lo, hi]).counts.map(scale);
      return { switchedOff: density(byOrigin.switchedOff), deadAtStart: density(byOrigin.deadAtStart), counts: { switchedOff: byOrigin.switchedOff.length, deadAtStart: byOrigin.deadAtStart.length } };
    });
    const priors = variants.map((v, i) => (frames[i] ? priorAt(state, v, shownRun(v, context.options), frames[i]!) : { source: '' }));
    // The spike of exact or near zeros can be far above everything else: cap the axis so the
    // rest and the prior stay readable, and say so in the tooltip.
    const peaks = hists.map((h) => [...h.density].sort((a, b) => b - a));
    const priorPeaks = priors.map((p) => (p.prior ? priorDensity(p.prior, 0) : 0));
    const cap = Math.max(...peaks.map((p) => (p[1] ?? 0) * 1.6), ...priorPeaks.map((p) => p * 1.25), 1e-9);
    const yMax = Math.min(Math.max(...peaks.map((p) => p[0] ?? 0)) * 1.05, cap);
    variants.forEach((variant, i) => {
      const color = theme.variants[i % theme.variants.length];
      const h = hists[i];
      const centres = h.edges.slice(0, -1).map((e) => e + h.binWidth / 2);
      const part = parts[i];
      const live = part ? h.density.map((d, k) => d - part.switchedOff[k] - part.deadAtStart[k]) : h.density;
      const bar = (label: string, density: number[], alpha: number, below: number[] = []) => ({
        type: 'bar' as const,
        label,
        // Each part's own height, capped so that the stack's top stays at most yMax.
        data: centres.map((x, k) => ({ x, y: Math.max(0, Math.min(density[k] + (below[k] ?? 0), yMax) - Math.min(below[k] ?? 0, yMax)) })),
        backgroundColor: toCss(parseColor(color) ?? theme.foreground, alpha),
        borderColor: color,
        borderWidth: 1,
        barPercentage: 1,
        categoryPercentage: 1,
        stack: 'weights',
        order: 2,
      });
      const datasets: ChartDataset<'bar' | 'line', Point[]>[] = [bar(part && (part.counts.switchedOff || part.counts.deadAtStart) ? 'weights of live neurons' : 'weights', live, 0.45)];
      if (part?.counts.switchedOff) datasets.push(bar('of neurons switched off by training', part.switchedOff, 0.15, live));
      if (part?.counts.deadAtStart) {
        const below = live.map((d, k) => d + part.switchedOff[k]);
        datasets.push({ ...bar('of neurons dead at start', part.deadAtStart, 0, below), backgroundColor: toCss(theme.foreground, 0.12), borderColor: toCss(theme.foreground, 0.5) });
      }
      const prior = priors[i].prior;
      if (prior) {
        datasets.push({ type: 'line', label: describePrior(prior), data: priorCurve(prior, lo, hi).map((p) => ({ x: p.x, y: Math.min(p.y, yMax) })), borderColor: toCss(theme.foreground), borderWidth: 1.75, pointRadius: 0, order: 1, stack: 'prior' });
      }
      const chart = this.charts[i];
      chart.data.datasets = datasets as ChartDataset<'bar', Point[]>[];
      const y = axisStyle(theme, i === 0 ? 'density' : undefined);
      chart.options.scales = {
        x: { type: 'linear', ...axisStyle(theme, 'weight'), min: lo, max: hi, offset: false, stacked: true },
        y: { type: 'linear', ...y, ticks: { ...y.ticks, includeBounds: false }, min: 0, max: yMax, stacked: true },
      };
      chart.update('none');
      const frame = frames[i];
      this.captions[i].textContent = '';
      this.captions[i].append(
        el('span', { class: 'rx-variant-name' }, variant.name),
        ' ',
        el('span', { class: 'rx-formula' }, prior ? describePrior(prior) : priors[i].source),
      );
      const zeroBin = h.counts[Math.floor(bins / 2)];
      const outside = h.total - h.counts.reduce((a, b) => a + b, 0);
      const cut = h.density.some((d) => d > yMax);
      const notes = [
        prior ? priors[i].source : '',
        prior && state.experiment ? priorAssumptions(state.experiment.training.loss, state.dataset?.train.n ?? 0) : '',
        cut ? `the bar at 0 (${percent(h.total ? zeroBin / h.total : 0)} of the weights) is cut off` : '',
        outside ? `${outside} weight${outside === 1 ? '' : 's'} beyond ±${num(hi, 2)} not drawn` : '',
        part?.counts.switchedOff ? `${part.counts.switchedOff} weights of neurons switched off by training (pale)` : '',
        part?.counts.deadAtStart ? `${part.counts.deadAtStart} weights of neurons dead at start (grey): no training touched them` : '',
      ].filter(Boolean);
      this.notes[i].textContent = notes.join('; ');
      const text = frame
        ? `${variant.name}, epoch ${frame.epoch}: ${h.total} kernel weights between ${num(lo, 2)} and ${num(hi, 2)}, ${percent(h.total ? zeroBin / h.total : 0)} in the bin around 0` +
          (prior ? `; ${describePrior(prior)} (${priors[i].source})` : `; no prior drawn (${priors[i].source})`) +
          '.'
        : `${variant.name}: no weights yet.`;
      this.summaries[i].textContent = text;
      chart.canvas.setAttribute('aria-label', `Weight histogram. ${text}`);
    });
  }

  private rebuild(variants: VariantState[]): void {
    for (const chart of this.charts) chart.destroy();
    this.signature = variants.map((v) => v.name).join('\u0000');
    this.charts = [];
    this.captions = [];
    this.notes = [];
    this.summaries = [];
    const cards = variants.map(() => {
      const canvas = el('canvas', { role: 'img' });
      const caption = el('figcaption', {});
      const summary = el('p', { class: 'rx-sr-only' });
      const note = el('p', { class: 'rx-note rx-chart-note' });
      this.notes.push(note);
      this.captions.push(caption);
      this.summaries.push(summary);
      this.charts.push(
        new Chart<'bar', Point[]>(canvas, {
          type: 'bar',
          data: { datasets: [] },
          options: {
            parsing: false,
            plugins: {
              legend: { position: 'bottom' },
              tooltip: { callbacks: { label: (item) => `${item.dataset.label}: density ${num(item.parsed.y ?? NaN)} at ${num(item.parsed.x ?? NaN)}` } },
            },
          },
        }),
      );
      return el('figure', { class: 'rx-card' }, caption, el('div', { class: 'rx-chart rx-chart-histogram' }, canvas), note, summary);
    });
    replaceChildren(this.container, ...cards);
  }

  retheme(): void {
    this.signature = '';
  }
}
