// The step view: one weight's updates over its run, from the trainer's replay (the data is the
// engine's, never recomputed here). Its trajectory; at each step (or, where they are too many,
// as a band: the range over each point's steps) the data-gradient part −ηH and the penalty's
// part drawn apart, with the step after the update (the proximal clip, the block shrink) and,
// with momentum or Adam, the optimizer's own step beside them; their running sums; the step
// it reached exactly 0. Beside it, the worked example (core/worked-example.ts) with the
// file's η and the variant's λ.
import type { ChartDataset } from 'chart.js';
import type { StepRange, StepTrace } from '../core/step-trace';
import { workedExample, workedMinimum, type WorkedRule } from '../core/worked-example';
import { Chart, axisStyle, groupedLegend } from './chart-setup';
import { fade, toCss } from './color-scale';
import { el, replaceChildren } from './dom';
import { num } from './format';
import type { Point } from './series';
import type { StepViewState } from './state';
import type { ViewContext } from './view-context';

/** Steps listed as numbers under the charts: the first ones, each step of them. */
const listedSteps = 40;

type StepDataset = ChartDataset<'line', Point[]>;

/** What one legend entry stands for: a line, or a range's two edges. */
interface Series {
  datasets: StepDataset[];
  range?: StepRange;
}

export class StepView {
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private charts: Chart<'line', Point[]>[] = [];
  private shown?: StepViewState;

  constructor(private readonly container: HTMLElement) {
    this.status = el('p', { class: 'rx-step-status', 'aria-live': 'polite' }, 'Click a cell of a weight heatmap to see that weight step by step: the trainer replays its run.');
    this.body = el('div', { class: 'rx-step-body' });
    replaceChildren(container, this.status, this.body);
  }

  update(context: ViewContext): void {
    const view = context.state.stepView;
    if (view === this.shown) return;
    this.shown = view;
    if (!view) return;
    const what = `${view.variant}, run ${view.run + 1}: ${weightName(view, context)}`;
    if (view.failure) {
      this.status.textContent = `${what}: ${view.failure}`;
      return;
    }
    if (!view.trace) {
      this.status.textContent = `${what}: replaying the run in the trainer…`;
      this.container.setAttribute('aria-busy', 'true');
      return;
    }
    this.container.removeAttribute('aria-busy');
    this.draw(view, view.trace, what, context);
  }

  private draw(view: StepViewState, trace: StepTrace, what: string, context: ViewContext): void {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    const training = context.state.experiment?.training;
    const transformed = training !== undefined && (training.optimizer === 'adam' || training.momentum > 0);
    const zero =
      trace.firstZeroStep === undefined
        ? 'it was never exactly 0'
        : `it reached exactly 0 at step ${trace.firstZeroStep}${trace.stayedZero ? ' and stayed there' : ', and left it again'}`;
    const points = trace.every > 1 ? `: the first ${trace.firstSteps} a point each, then each point the range over ${trace.every} steps (the sums add every step)` : '';
    this.status.textContent =
      `${what}: ${trace.steps} steps${points}; ${zero}. ` +
      (view.matchesStored ? 'The replay ended on the stored run\'s weights exactly.' : 'The replay did not end on the stored weights exactly (a run trained by TensorFlow.js is replayed by the fast engine, which agrees to float32 rounding).');
    const { theme } = context;
    const colors = theme.layers;
    const line = (label: string, ys: number[], color: string, dash?: number[]): StepDataset => ({
      label,
      data: ys.map((y, i) => ({ x: trace.step[i], y })),
      borderColor: color,
      backgroundColor: color,
      borderWidth: 1.5,
      pointRadius: 0,
      ...(dash ? { borderDash: dash } : {}),
    });
    // A range as two edges of one colour filled between: a band where the values over a point's
    // steps differ (a sign that alternates), one thin line where they are the same.
    const band = (label: string, range: StepRange, color: string, dash?: number[]): Series => ({
      datasets: [
        { ...line(label, range.max, color, dash), borderWidth: 1, fill: '+1', backgroundColor: fade(color, 0.3) },
        { ...line(`_${label} min`, range.min, color, dash), borderWidth: 1, fill: false },
      ],
      range,
    });
    const single = (label: string, ys: number[], color: string): Series => ({ datasets: [line(label, ys, color)] });
    const penaltyName = 'penalty part (in the gradient)';
    const parts = [band('data part −ηH', trace.data, colors[0]), band(penaltyName, trace.penalty, colors[1])];
    if (trace.after.min.some((a) => a !== 0) || trace.after.max.some((a) => a !== 0)) parts.push(band('after the step: clip or shrink', trace.after, colors[2]));
    if (transformed) parts.push(band('the optimizer\'s step', trace.optimizer, toCss(theme.foreground), [4, 3]));
    const figures: [string, Series[], string][] = [
      ['the weight', [band('w', trace.w, colors[0])], 'w'],
      ['the parts of each step', parts, 'change of w'],
      ['their running sums', [single('Σ data parts', trace.dataSum, colors[0]), single('Σ penalty parts (with clips and shrinks)', trace.penaltySum, colors[1])], 'sum'],
    ];
    const firstStepOf = (point: number) => (point === 0 ? 1 : trace.step[point - 1] + 1);
    const cards = figures.map(([title, series, axis]) => {
      const datasets = series.flatMap((s) => s.datasets);
      /** Per dataset: the first dataset of its series (the legend toggles a series whole) and the range it draws. */
      const seriesStart: number[] = [];
      const rangeOf: (StepRange | undefined)[] = [];
      for (const s of series) {
        const start = seriesStart.length;
        s.datasets.forEach(() => {
          seriesStart.push(start);
          rangeOf.push(s.range);
        });
      }
      const canvas = el('canvas', { role: 'img', 'aria-label': `${what}: ${title} over the steps` });
      this.charts.push(
        new Chart<'line', Point[]>(canvas, {
          type: 'line',
          data: { datasets },
          options: {
            parsing: false,
            interaction: { mode: 'nearest', axis: 'x', intersect: false },
            scales: { x: { type: 'linear', ...axisStyle(theme, 'step') }, y: { type: 'linear', ...axisStyle(theme, axis) } },
            plugins: {
              legend: groupedLegend((i) => seriesStart[i]),
              tooltip: {
                filter: (item) => !(item.dataset.label ?? '').startsWith('_'),
                callbacks: {
                  title: (items) => {
                    const point = items[0]?.dataIndex ?? 0;
                    const first = firstStepOf(point);
                    return first === trace.step[point] ? `step ${first}` : `steps ${first} to ${trace.step[point]}`;
                  },
                  label: (item) => {
                    const range = rangeOf[item.datasetIndex];
                    const [min, max] = range ? [range.min[item.dataIndex], range.max[item.dataIndex]] : [item.parsed.y ?? NaN, item.parsed.y ?? NaN];
                    return `${item.dataset.label}: ${min === max ? num(min) : `${num(min)} to ${num(max)}`}`;
                  },
                },
              },
            },
          },
        }),
      );
      return el('figure', { class: 'rx-card' }, el('figcaption', {}, title), el('div', { class: 'rx-chart' }, canvas));
    });
    const caveat = transformed
      ? el('p', { class: 'rx-note' }, `With ${training!.optimizer === 'adam' ? 'Adam' : 'momentum'} an update does not split into a data part and a penalty part: the optimizer transforms their sum (a velocity, or a step scaled per weight). Shown: the gradient's data and penalty parts times −η, before the transform, and the optimizer's actual step beside them (dashed).`)
      : undefined;
    // The first points are a step each (min = max), so their values are the step's.
    const stepPoints = trace.every === 1 ? trace.step.length : Math.min(trace.firstSteps, trace.step.length);
    const rows = trace.step.slice(0, Math.min(listedSteps, stepPoints)).map((step, i) =>
      el(
        'tr',
        { 'data-step': step, 'data-before': trace.before[i], 'data-penalty': trace.penalty.min[i], 'data-after': trace.after.min[i] },
        el('td', {}, step),
        el('td', {}, num(trace.before[i], 4)),
        el('td', {}, num(trace.data.min[i], 3)),
        el('td', {}, num(trace.penalty.min[i], 3)),
        el('td', {}, num(trace.after.min[i], 3)),
        el('td', {}, num(trace.w.min[i], 4)),
      ),
    );
    const table = el(
      'table',
      { class: 'rx-table rx-step-table' },
      el('caption', {}, `The first ${rows.length} steps, as numbers`),
      el('thead', {}, el('tr', {}, ...['step', 'w before', 'data −ηH', 'penalty', 'clip / shrink', 'w after'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...rows),
    );
    replaceChildren(this.body, el('div', { class: 'rx-grid' }, ...cards), caveat, table, this.workedExample(view, context));
    for (const chart of this.charts) chart.update('none');
  }

  /** One weight under (w − a)² with the file's η and the variant's λ, by L1, L2 and proximal L1 side by side. */
  private workedExample(view: StepViewState, context: ViewContext): HTMLElement {
    const experiment = context.state.experiment;
    const variant = experiment?.variants.find((v) => v.name === view.variant);
    const lr = experiment?.training.learningRate ?? 0.01;
    const lambda = variant?.l1 || variant?.l2 || variant?.group || Math.max(0, ...(experiment?.variants ?? []).map((v) => v.l1 || v.l2)) || 0.1;
    // a within λ/2: L1's minimum is exactly 0, where the two L1 rules part.
    const input = { lr, lambda, a: lambda / 4, start: 1, steps: Math.min(2000, Math.ceil(4 / (lr * lambda)) + 20) };
    const rules: [WorkedRule, string][] = [
      ['l1', 'L1: w_new = (w − ηλ·sign w) − ηH'],
      ['l2', 'L2: w_new = (w − 2ηλ·w) − ηH'],
      ['l1-proximal', 'proximal L1: v = w − ηH, w_new = sign v·max(|v| − ηλ, 0)'],
    ];
    const columns = rules.map(([rule, title]) => {
      const steps = workedExample(rule, input);
      const shown = [...steps.slice(0, 4), ...steps.slice(-3)];
      const last = steps[steps.length - 1];
      return el(
        'figure',
        { class: 'rx-card rx-worked', 'data-rule': rule },
        el('figcaption', {}, title),
        el('ol', {}, ...shown.map((s) => el('li', { value: s.step }, s.equation))),
        el('p', {}, `after ${last.step} steps w = ${num(last.next, 4)}; the minimum of (w − a)² + penalty is ${num(workedMinimum(rule, lambda, input.a), 4)}`),
      );
    });
    return el(
      'section',
      { class: 'rx-worked-example' },
      el('h3', {}, `Worked example: one weight, data loss (w − a)², H = 2(w − a), η = ${num(lr)}, λ = ${num(lambda)}, a = ${num(input.a)}, from w = 1`),
      el('div', { class: 'rx-grid' }, ...columns),
      el(
        'p',
        { class: 'rx-note' },
        'L1 pushes by the constant ηλ toward 0, L2 by 2ηλ·w, in proportion to w. Here a < λ/2, so L1\'s minimum is exactly 0. Plain L1 cannot land on it: near 0 its constant push overshoots, the sign flips, and w hovers within about ηλ of 0. Proximal L1 clips at 0 whenever the data step leaves |v| ≤ ηλ, so w lands on 0 and stays.',
      ),
    );
  }

  retheme(): void {
    this.shown = undefined;
  }
}

function weightName(view: StepViewState, context: ViewContext): string {
  const { layer, part, index } = view.weight;
  const layers = context.state.variants.find((v) => v.name === view.variant)?.runs[view.run]?.frames[0]?.params;
  const count = layers?.length ?? 0;
  const unit = (l: number, j: number) => (l === count - 1 ? 'out' : `h${l + 1}.${j + 1}`);
  if (part === 'bias' || !layers) return part === 'bias' ? `bias of ${unit(layer, index)}` : `layer ${layer + 1} weight ${index}`;
  const { cols } = layers[layer];
  const source = Math.floor(index / cols);
  const names = context.state.dataset?.inputNames;
  return `${layer === 0 ? names?.[source] ?? `x${source + 1}` : `h${layer}.${source + 1}`} → ${unit(layer, index % cols)}`;
}
