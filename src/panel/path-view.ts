// The path view: per path variant, what the model keeps against log λ (coefficients of an
// exact linear path, one curve per input, with what SGD reached dashed beside them; or zero share, live neurons and weight norm of a
// trained one) and the cross-validation error with its ±se bars and the test error, λ_min and
// λ_1se marked. Hovering a λ lists what the model keeps there; clicking picks it, and a button
// offers to write it into the file as a fixed variant (an undoable edit the host applies).
import type { Plugin } from 'chart.js';
import type { PathResult } from '../core/path/path-result';
import type { PanelToHost, PathChartDrawn, PathDrawn } from '../panel/protocol';
import { Chart, axisStyle } from './chart-setup';
import { parseColor, toCss } from './color-scale';
import { el, replaceChildren } from './dom';
import { describeLambda, errorSeries, modelSeries, nearestLambda, sgdSeries, type Point } from './path-series';
import type { ViewContext } from './view-context';

interface Card {
  path: PathResult;
  /** The model's chart, then the errors'. */
  charts: Chart<'line', Point[]>[];
  picked?: number;
  pick: HTMLElement;
}

/**
 * Vertical lines at λ_min, λ_1se and the picked λ. After drawing, what the chart shows is
 * left on its canvas as `data-drawn` (PathChartDrawn, JSON), where the UI checks read it
 * beside the pixels and the panel's acknowledgement takes it from.
 */
function marksPlugin(card: () => Card | undefined, color: () => string, kind: PathChartDrawn['chart']): Plugin<'line'> {
  return {
    id: 'lambdaMarks',
    afterDatasetsDraw(chart) {
      const shown = card();
      const x = chart.scales.x;
      if (!shown || !x) return;
      const { left, right, top, bottom } = chart.chartArea;
      const ctx = chart.ctx;
      const marks: [number, string, number[]][] = [
        [shown.path.lambdaMin.lambda, 'λ_min', [4, 3]],
        [shown.path.lambda1se.lambda, 'λ_1se', [1, 3]],
        ...(shown.picked !== undefined ? [[shown.path.points[shown.picked].lambda, '', []] as [number, string, number[]]] : []),
      ];
      const at = (lambda: number) => Math.round(x.getPixelForValue(lambda)) + 0.5;
      ctx.save();
      ctx.strokeStyle = color();
      ctx.fillStyle = color();
      for (const [lambda, label, dash] of marks) {
        const px = at(lambda);
        ctx.setLineDash(dash);
        ctx.beginPath();
        ctx.moveTo(px, top);
        ctx.lineTo(px, bottom);
        ctx.stroke();
        if (label) ctx.fillText(label, px + 3, top + 10);
      }
      ctx.restore();
      const ratio = chart.currentDevicePixelRatio;
      const drawn: PathChartDrawn = {
        chart: kind,
        curves: chart.data.datasets.filter((d) => d.data.length > 0).length,
        area: { left: left * ratio, top: top * ratio, right: right * ratio, bottom: bottom * ratio },
        marks: [
          { label: 'λ_min', lambda: shown.path.lambdaMin.lambda, x: at(shown.path.lambdaMin.lambda) * ratio },
          { label: 'λ_1se', lambda: shown.path.lambda1se.lambda, x: at(shown.path.lambda1se.lambda) * ratio },
        ],
        markColor: color(),
      };
      chart.canvas.dataset.drawn = JSON.stringify(drawn);
    },
  };
}

export class PathView {
  private cards: Card[] = [];
  private signature = '';
  private markColor = 'gray';

  constructor(
    private readonly container: HTMLElement,
    private readonly post: (message: PanelToHost) => void,
  ) {}

  update(context: ViewContext): void {
    const paths = context.state.results?.paths ?? [];
    const inputNames = context.state.dataset?.inputNames ?? [];
    this.markColor = toCss(context.theme.muted, 0.9);
    const signature = [...paths, ...(context.state.ghost?.paths ?? [])].map((p) => `${p.variant}:${p.points.length}:${p.points[0]?.lambda}:${p.lambdaMin.index}:${p.seconds}`).join('\u0000');
    if (signature === this.signature) return;
    this.signature = signature;
    for (const card of this.cards) for (const chart of card.charts) chart.destroy();
    this.cards = [];
    replaceChildren(this.container, ...paths.map((path) => this.card(path, inputNames, context)));
  }

  private card(path: PathResult, inputNames: string[], context: ViewContext): HTMLElement {
    const { theme } = context;
    const pick = el('div', { class: 'rx-path-pick' }, 'Click a λ on either chart to pick it.');
    const card: Card = { path, charts: [], pick };
    this.cards.push(card);
    const colors = theme.variants.length > 0 ? theme.variants : [toCss(theme.foreground)];
    const logX = { type: 'logarithmic' as const, ...axisStyle(theme, `λ (log scale)${path.standardized ? ', on standardized inputs' : ''}`) };
    const tooltip = {
      callbacks: {
        title: (items: { dataIndex: number }[]) => describeLambda(path, items[0]?.dataIndex ?? 0)[0] ?? '',
        footer: (items: { dataIndex: number }[]) => describeLambda(path, items[0]?.dataIndex ?? 0).slice(1),
      },
    };
    const onClick = (_event: unknown, _elements: unknown, chart: Chart) => {
      const lambda = chart.scales.x.getValueForPixel((_event as { x: number }).x);
      if (lambda === undefined || !(lambda > 0)) return;
      this.choose(card, nearestLambda(path, lambda));
    };
    const series = modelSeries(path, inputNames);
    const modelCanvas = el('canvas', { role: 'img', 'aria-label': path.coefficients ? `Coefficients of ${path.variant} against log λ, one curve per input` : `Zero weights, live neurons and weight norm of ${path.variant} against log λ` });
    card.charts.push(
      new Chart<'line', Point[]>(modelCanvas, {
        type: 'line',
        data: {
          datasets: [
            ...series.map((s, i) => ({ label: s.label, data: s.points, yAxisID: s.axis, borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length], borderWidth: 1.5 })),
            // What the file's SGD reaches at each λ, dashed and faint beside the optimum.
            ...sgdSeries(path, inputNames).map((s, i) => ({ label: `_${s.label}`, data: s.points, yAxisID: s.axis, borderColor: toCss(parseColor(colors[i % colors.length]) ?? theme.foreground, 0.45), backgroundColor: 'transparent', borderDash: [3, 3], borderWidth: 1 })),
          ],
        },
        options: {
          parsing: false,
          interaction: { mode: 'index', intersect: false },
          onClick,
          scales: {
            x: logX,
            y: { type: 'linear', ...axisStyle(theme, path.coefficients ? 'coefficient' : 'zero weights (%)') },
            ...(series.some((s) => s.axis === 'y2') ? { y2: { type: 'linear' as const, position: 'right' as const, ...axisStyle(theme, 'live neurons · weight norm') } } : {}),
          },
          plugins: { tooltip, legend: { position: 'bottom', display: series.length <= 12, labels: { filter: (item) => !item.text.startsWith('_') } } },
        },
        plugins: [marksPlugin(() => card, () => this.markColor, 'model')],
      }),
    );
    const errors = errorSeries(path);
    // The same path of the training before this one (train on save, Train again), faint.
    const ghost = context.state.ghost?.paths?.find((p) => p.variant === path.variant);
    const errorCanvas = el('canvas', { role: 'img', 'aria-label': `Validation error ± se and test error of ${path.variant} against log λ; λ_min ${path.lambdaMin.lambda}, λ_1se ${path.lambda1se.lambda}` });
    const band = toCss(theme.foreground, 0.35);
    card.charts.push(
      new Chart<'line', Point[]>(errorCanvas, {
        type: 'line',
        data: {
          datasets: [
            { label: 'validation (mean over folds)', data: errors.validation, borderColor: theme.loss.train, backgroundColor: theme.loss.train, borderWidth: 1.75 },
            { label: '_+se', data: errors.high, borderColor: band, borderDash: [2, 2], borderWidth: 1, fill: '+1', backgroundColor: toCss(theme.foreground, 0.08) },
            { label: '_-se', data: errors.low, borderColor: band, borderDash: [2, 2], borderWidth: 1 },
            { label: 'test', data: errors.test, borderColor: theme.loss.test, backgroundColor: theme.loss.test, borderWidth: 1.5, borderDash: [6, 3] },
            ...(ghost ? [{ label: 'validation, previous training', data: errorSeries(ghost).validation, borderColor: toCss(theme.foreground, 0.25), backgroundColor: 'transparent', borderDash: [1, 2], borderWidth: 1.5 }] : []),
          ],
        },
        options: {
          parsing: false,
          interaction: { mode: 'index', intersect: false },
          onClick,
          // Errors span orders of magnitude along a path: a log axis shows the minimum.
          scales: { x: logX, y: { type: [...errors.low, ...errors.test].every((p) => p.y > 0) ? 'logarithmic' : 'linear', ...axisStyle(theme, `${path.measure.split(' on ')[0] ?? 'error'}${path.measure.includes('log') ? '' : ' (log scale)'}`) } },
          plugins: { tooltip, legend: { position: 'bottom', labels: { filter: (item) => !item.text.startsWith('_') } } },
        },
        plugins: [marksPlugin(() => card, () => this.markColor, 'errors')],
      }),
    );
    const describe = (name: string, c: PathResult['lambdaMin']) =>
      `${name} ${+c.lambda.toPrecision(4)}: validation ${+c.validation.mean.toPrecision(4)} ± ${+c.validation.se.toPrecision(2)}, refit test ${+c.test.mean.toPrecision(4)}`;
    return el(
      'figure',
      { class: 'rx-card rx-path', 'data-variant': path.variant },
      el('figcaption', {}, el('span', { class: 'rx-variant-name' }, path.variant), ' ', el('span', { class: 'rx-formula' }, `${path.method === 'exact' ? 'exact path' : 'trained path'}, ${path.points.length} λ, ${path.folds} folds${path.runs > 1 ? ` × ${path.runs} runs` : ''}`)),
      el('div', { class: 'rx-grid' }, el('div', { class: 'rx-chart' }, modelCanvas), el('div', { class: 'rx-chart' }, errorCanvas)),
      el('p', { class: 'rx-path-choice' }, `${describe('λ_min', path.lambdaMin)}; ${describe('λ_1se', path.lambda1se)}.`),
      pick,
    );
  }

  /** Picks λ number `index` of a card: what it keeps, and the button that writes it into the file. */
  private choose(card: Card, index: number): void {
    card.picked = index;
    const lambda = card.path.points[index].lambda;
    const button = el('vscode-button', { icon: 'edit', title: `Add a variant with λ ${+lambda.toPrecision(4)} after "${card.path.variant}" in the experiment file (undoable)` }, `Write λ ${+lambda.toPrecision(4)} into the file`);
    button.addEventListener('click', () => this.post({ type: 'writeLambda', variant: card.path.variant, lambda }));
    replaceChildren(card.pick, ...describeLambda(card.path, index).flatMap((line) => [line, el('br')]), button);
    for (const chart of card.charts) chart.update('none');
  }

  retheme(): void {
    this.signature = '';
  }

  /** What the charts drew last, as their marks plugin left it on their canvases. */
  drawn(): PathDrawn[] {
    return this.cards.map((card) => ({
      variant: card.path.variant,
      charts: card.charts.flatMap((chart) => (chart.canvas.dataset.drawn ? [JSON.parse(chart.canvas.dataset.drawn) as PathChartDrawn] : [])),
    }));
  }
}
