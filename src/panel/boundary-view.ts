// The decision boundary, Playground's main view. For 2-D point sets, one card per variant,
// side by side: the network's output over the plane (two classes: p(class 1) from orange to
// blue; k classes: the leading class's colour, as strong as its lead) for the shown run at
// the shown epoch, from that frame's weights, with the train points (thin outline) and the
// test points (outlined in the text colour) on top; beside it, each hidden neuron's own output over the
// plane, those the analysis finds off (the heatmaps' rule, core/analysis) drawn flat and
// marked. The pictures are computed and painted in a Web Worker (plane-worker.ts); until a
// frame's picture arrives, the last one stays. For classification data that are not points
// on a plane (a CSV), a confusion matrix per variant on the test rows instead.
import { classificationMetrics } from '../core/classification';
import type { LossName } from '../core/experiment';
import { isClassificationLoss } from '../core/loss-kinds';
import { planeBounds, planeFeatures, toPicture, type PlaneBounds } from '../core/decision-plane';
import type { FeatureId } from '../core/features';
import type { Params } from '../core/mlp';
import type { DatasetSummary } from '../core/results';
import { boundaryMode, neuronMarks } from './boundary-model';
import { mix, toCss, type Rgba } from './color-scale';
import { el, replaceChildren } from './dom';
import { cachedPredict } from './forward';
import { percent, pointsShown } from './format';
import { deadNeuronsOf } from './heatmaps';
import { PlaneWorker } from './plane-client';
import type { PlanePicture } from './plane-protocol';
import { sparsityThreshold, type Frame, type RunState } from './state';
import type { Theme } from './theme';
import { shownFrame, shownRun, type ViewContext } from './view-context';

/** Cells per side of every map the worker computes. */
const planeCells = 64;
const planeSide = 220;
const thumbSide = 34;
/** Thumbnails per hidden layer; a wider layer says how many more it has. */
const maxThumbs = 16;

interface Plane {
  dataset: DatasetSummary;
  features: FeatureId[];
  bounds: PlaneBounds;
  /** Changes with the data and the theme: part of every picture's key. */
  key: string;
}

interface Card {
  variant: string;
  root: HTMLElement;
  head: HTMLElement;
  plane: HTMLCanvasElement;
  thumbCanvases: HTMLCanvasElement[][];
  /** The picture drawn last, kept while the next frame's is computed. */
  drawn?: { picture: PlanePicture; frame: Frame; run?: RunState };
}

export class BoundaryView {
  private worker?: PlaneWorker;
  private context?: ViewContext;
  private plane?: Plane;
  private cards: Card[] = [];
  private signature = '';
  private readonly pictures = new WeakMap<Params, Map<string, PlanePicture>>();
  private readonly asked = new WeakMap<Params, Set<string>>();
  private pointsLayer?: { key: string; canvas: HTMLCanvasElement };
  private readonly legend: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly problem: HTMLElement;
  private redraw = 0;
  private planeId = 0;
  /** Why the worker refused the last job that failed (a worker that cannot run says so itself). */
  private jobFailure?: string;

  constructor(container: HTMLElement) {
    this.legend = el('p', { class: 'rx-legend' });
    this.grid = el('div', { class: 'rx-boundary-grid' });
    this.problem = el('p', { class: 'rx-note', role: 'status', hidden: true });
    replaceChildren(container, this.legend, this.problem, this.grid);
  }

  update(context: ViewContext): void {
    this.context = context;
    const mode = boundaryMode(context.state.dataset);
    if (mode === 'plane') this.drawPlanes(context);
    else if (mode === 'confusion') this.drawConfusion(context);
    else {
      this.signature = '';
      replaceChildren(this.grid);
    }
  }

  retheme(): void {
    this.pointsLayer = undefined;
    this.plane = undefined;
    if (this.context) this.update(this.context);
  }

  // The plane.

  private planeOf(dataset: DatasetSummary, theme: Theme): Plane {
    if (this.plane?.dataset === dataset) return this.plane;
    // New data or colours: no picture drawn so far fits them.
    this.signature = '';
    const points = dataset.points!;
    this.plane = {
      dataset,
      features: planeFeatures(dataset.inputNames)!,
      bounds: planeBounds([points.train, points.test]),
      key: `${++this.planeId}|${JSON.stringify(theme.classes)}`,
    };
    return this.plane;
  }

  private drawPlanes(context: ViewContext): void {
    const { state, theme } = context;
    const dataset = state.dataset!;
    const plane = this.planeOf(dataset, theme);
    this.worker ??= new PlaneWorker();
    const classes = dataset.classes!;
    this.legend.textContent = '';
    this.legend.append(
      ...classes.flatMap((name, c) => [swatch(theme.classes.classes[c % theme.classes.classes.length]), ` ${name} `]),
      classes.length === 2 ? `· background: p(${classes[1]}), undecided in between` : '· background: the most probable class, fainter where it leads less',
      ' · points: train thinly outlined, test outlined in the text colour · small maps: each hidden neuron\'s output (orange negative, blue positive) · ',
      el('span', { class: 'rx-dead-mark', 'aria-hidden': 'true' }, '×'),
      ' flat: switched off by training · ',
      el('span', { class: 'rx-start-mark', 'aria-hidden': 'true' }, '○'),
      ' flat: dead at start',
      pointsShown(dataset, 'train and test'),
    );
    const variants = state.variants;
    const frames = variants.map((v) => shownFrame(v, context));
    const hiddenSizes = frames.map((frame) => frame?.params.slice(0, -1).map((p) => p.cols) ?? []);
    const signature = `plane|${variants.map((v, i) => `${v.name}:${hiddenSizes[i].join(',')}`).join('\u0000')}`;
    if (signature !== this.signature) this.rebuild(variants.map((v, i) => ({ name: v.name, sizes: hiddenSizes[i] })), signature);
    const problem = this.worker.failure ?? this.jobFailure;
    this.problem.hidden = !problem;
    this.problem.textContent = problem ? `The decision boundary could not be drawn: ${problem}` : '';
    variants.forEach((variant, v) => {
      const card = this.cards[v];
      const frame = frames[v];
      const run = shownRun(variant, context.options);
      card.head.textContent = '';
      card.head.append(el('span', { class: 'rx-variant-name' }, variant.name), ' ', el('span', { class: 'rx-formula' }, variant.formula), el('br'));
      if (!frame) {
        card.head.append(el('span', { class: 'rx-muted' }, 'no weights yet'));
        return;
      }
      card.head.append(el('span', { class: 'rx-muted' }, `run ${(run?.run ?? 0) + 1}, epoch ${frame.epoch}`));
      // The epoch this card should show; data-epoch says which one it shows (the worker may still be computing it).
      card.plane.dataset.wanted = String(frame.epoch);
      const picture = this.pictures.get(frame.params)?.get(plane.key);
      if (picture) card.drawn = { picture, frame, ...(run ? { run } : {}) };
      else this.ask(frame.params, plane);
      if (card.drawn) this.paintCard(card, context, plane);
    });
  }

  private rebuild(variants: { name: string; sizes: number[] }[], signature: string): void {
    this.signature = signature;
    this.cards = variants.map(({ name, sizes }) => {
      const plane = el('canvas', { class: 'rx-boundary-plane', role: 'img', 'aria-label': `${name}: decision boundary, not drawn yet` });
      plane.dataset.variant = name;
      const thumbCanvases = sizes.map((cols, l) =>
        Array.from({ length: Math.min(cols, maxThumbs) }, (_, j) => {
          const canvas = el('canvas', { class: 'rx-boundary-thumb', role: 'img', 'aria-label': `h${l + 1}.${j + 1}` });
          canvas.dataset.neuron = `${l}.${j}`;
          return canvas;
        }),
      );
      const thumbs = el(
        'div',
        { class: 'rx-boundary-thumbs' },
        ...thumbCanvases.map((canvases, l) =>
          el(
            'div',
            { class: 'rx-boundary-layer' },
            el('span', { class: 'rx-muted' }, `h${l + 1}`),
            ...canvases,
            sizes[l] > maxThumbs ? el('span', { class: 'rx-muted' }, `+${sizes[l] - maxThumbs}`) : undefined,
          ),
        ),
      );
      const head = el('figcaption', {});
      const root = el('figure', { class: 'rx-card rx-boundary-card' }, head, el('div', { class: 'rx-boundary-body' }, plane, thumbs));
      return { variant: name, root, head, plane, thumbCanvases };
    });
    replaceChildren(this.grid, ...this.cards.map((c) => c.root));
  }

  /** Asks the worker for a frame's picture once; draws again when it comes. */
  private ask(params: Params, plane: Plane): void {
    let asked = this.asked.get(params);
    if (!asked) this.asked.set(params, (asked = new Set()));
    if (asked.has(plane.key) || !this.worker || this.worker.failure) return;
    asked.add(plane.key);
    const { dataset, features, bounds } = plane;
    const standardization = dataset.standardization ? { inputMean: dataset.standardization.inputMean, inputStd: dataset.standardization.inputStd } : undefined;
    this.worker
      .paint({ params, features, bounds, size: planeCells, palette: this.context!.theme.classes, ...(standardization ? { standardization } : {}) })
      .then((picture) => {
        let byKey = this.pictures.get(params);
        if (!byKey) this.pictures.set(params, (byKey = new Map()));
        byKey.set(plane.key, picture);
        this.jobFailure = undefined;
        this.scheduleRedraw();
      })
      .catch((error: unknown) => {
        this.jobFailure = error instanceof Error ? error.message : String(error);
        this.scheduleRedraw();
      });
  }

  private scheduleRedraw(): void {
    if (this.redraw) return;
    this.redraw = requestAnimationFrame(() => {
      this.redraw = 0;
      if (this.context && boundaryMode(this.context.state.dataset) === 'plane') this.drawPlanes(this.context);
    });
  }

  private paintCard(card: Card, context: ViewContext, plane: Plane): void {
    const { picture, frame, run } = card.drawn!;
    const { theme, state } = context;
    const dpr = window.devicePixelRatio || 1;
    const side = Math.round(planeSide * dpr);
    sized(card.plane, planeSide, dpr);
    const ctx = card.plane.getContext('2d');
    if (!ctx) return;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(pixels(picture.output, picture.size), 0, 0, side, side);
    ctx.drawImage(this.points(plane, theme, side), 0, 0);
    const classes = plane.dataset.classes!;
    const shares = picture.shares.map((s, c) => `${classes[c] ?? c} ${percent(s)}`).join(', ');
    card.plane.setAttribute('aria-label', `${card.variant}, run ${(run?.run ?? 0) + 1}, epoch ${frame.epoch}: decision boundary over the plane; share of the plane per class: ${shares}`);
    card.plane.dataset.epoch = String(frame.epoch);

    const marks = neuronMarks(deadNeuronsOf(run, frame, sparsityThreshold(state), { x: plane.dataset.train.x, n: plane.dataset.train.n }));
    card.thumbCanvases.forEach((canvases, l) =>
      canvases.forEach((canvas, j) => {
        const map = picture.neurons[l]?.[j];
        const mark = marks[l]?.[j] ?? { flat: false, atStart: false };
        sized(canvas, thumbSide, dpr);
        const c = canvas.getContext('2d');
        if (!c || !map) return;
        const s = Math.round(thumbSide * dpr);
        if (mark.flat) {
          c.fillStyle = toCss(theme.classes.neutral);
          c.fillRect(0, 0, s, s);
          drawMark(c, s, mark.atStart ? theme.muted : theme.error, mark.atStart);
        } else {
          c.imageSmoothingEnabled = true;
          c.drawImage(pixels(map, picture.size), 0, 0, s, s);
        }
        canvas.dataset.flat = String(mark.flat);
        const state = mark.flat ? `off${mark.atStart ? ' (dead at start)' : ' (switched off by training)'}${mark.why ? `: ${mark.why}` : ''}, drawn flat` : 'its output over the plane';
        canvas.setAttribute('aria-label', `${card.variant}, neuron h${l + 1}.${j + 1}: ${state}`);
        canvas.title = `h${l + 1}.${j + 1}: ${state}`;
      }),
    );
  }

  /** The train and test points on a transparent layer the size of the plane: drawn once per data and theme. The
   * results keep at most MAX_STORED_POINTS a split (an even sample of more, as the fit chart shows them). */
  private points(plane: Plane, theme: Theme, side: number): HTMLCanvasElement {
    const key = `${plane.key}|${side}`;
    if (this.pointsLayer?.key === key) return this.pointsLayer.canvas;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d')!;
    const scale = side / planeSide;
    const { dataset, bounds } = plane;
    const colors = theme.classes.classes;
    const draw = (points: Float32Array, labels: Float32Array, n: number, outline: Rgba, width: number, radius: number) => {
      ctx.lineWidth = width * scale;
      ctx.strokeStyle = toCss(outline);
      for (let i = 0; i < n; i++) {
        const { x, y } = toPicture(bounds, side, side, points[2 * i], points[2 * i + 1]);
        ctx.fillStyle = toCss(colors[labels[i] % colors.length] ?? theme.muted);
        ctx.beginPath();
        ctx.arc(x, y, radius * scale, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    };
    draw(dataset.points!.train, dataset.train.y, dataset.train.n, mix(theme.background, theme.foreground, 0.15), 0.6, 2.6);
    draw(dataset.points!.test, dataset.test.y, dataset.test.n, theme.foreground, 1.4, 3);
    this.pointsLayer = { key, canvas };
    return canvas;
  }

  // The confusion matrices.

  private drawConfusion(context: ViewContext): void {
    const { state, theme } = context;
    const dataset = state.dataset!;
    const classes = dataset.classes!;
    const loss = state.experiment?.training.loss;
    this.signature = 'confusion';
    this.problem.hidden = true;
    this.legend.textContent =
      'Test rows of each true class (rows) by the class predicted (columns): count and share of the row, at the shown epoch' +
      (dataset.test.sampled ? `; at a run's last epoch every test row, before it the ${dataset.test.n.toLocaleString('en-US')} stored ones.` : '.');
    const cards = state.variants.map((variant) => {
      const run = shownRun(variant, context.options);
      const frame = shownFrame(variant, context);
      const head = el('figcaption', {}, el('span', { class: 'rx-variant-name' }, variant.name), ' ', el('span', { class: 'rx-formula' }, variant.formula), el('br'));
      const confusion = frame && confusionAt(run, frame, dataset, loss);
      if (!frame || !confusion) {
        head.append(el('span', { class: 'rx-muted' }, frame ? 'not a classification loss' : 'no weights yet'));
        return el('figure', { class: 'rx-card' }, head);
      }
      const rows = confusion.flat().reduce((a, b) => a + b, 0);
      const correct = confusion.reduce((sum, row, c) => sum + row[c], 0);
      head.append(el('span', { class: 'rx-muted' }, `run ${(run?.run ?? 0) + 1}, epoch ${frame.epoch}: accuracy ${percent(correct / Math.max(1, rows))} of ${rows.toLocaleString('en-US')} test rows`));
      return el('figure', { class: 'rx-card' }, head, confusionTable(variant.name, classes, confusion, theme));
    });
    replaceChildren(this.grid, ...cards);
  }
}

/**
 * A frame's confusion matrix: the trainer's, on every test row, for a finished run's final
 * weights; else from this frame's predictions on the stored test rows. Undefined when the
 * loss is not a classification loss (nothing to count).
 */
function confusionAt(run: RunState | undefined, frame: Frame, dataset: DatasetSummary, loss: LossName | undefined): number[][] | undefined {
  const final = run?.result?.classification;
  if (final && run?.result && (frame.params === run.result.params || frame.epoch === run.result.epochs)) return final.confusion;
  if (!loss || !isClassificationLoss(loss)) return undefined;
  return classificationMetrics(loss, cachedPredict(frame.params, dataset.test.x, dataset.test.n), dataset.test.y, dataset.classes!.length).confusion;
}

/** The table of one variant's confusion matrix: a row per true class, a column per predicted class. */
function confusionTable(variant: string, classes: string[], counts: number[][], theme: Theme): HTMLElement {
  const head = el('tr', {}, el('th', { scope: 'col' }, 'true \\ predicted'), ...classes.map((name) => el('th', { scope: 'col' }, name)));
  const rows = counts.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, classes[t]),
      ...row.map((count, p) => {
        const share = total ? count / total : 0;
        // Darker for a larger share of the row, whichever class: the diagonal reads as the right answers.
        const tint = mix(theme.classes.neutral, theme.foreground, Math.min(1, share) * 0.3);
        const cell = el('td', { class: 'rx-num', title: `${count} of ${total} ${classes[t]} rows predicted ${classes[p]}` }, `${count} `, el('span', { class: 'rx-muted' }, `(${percent(share)})`));
        // Through the CSSOM: the page's CSP refuses style attributes.
        cell.style.background = toCss(tint);
        return cell;
      }),
    );
  });
  return el('table', { class: 'rx-table rx-confusion', 'aria-label': `${variant}: confusion matrix of the test rows` }, el('thead', {}, head), el('tbody', {}, ...rows));
}

function swatch(color: Rgba): HTMLElement {
  const span = el('span', { class: 'rx-swatch' });
  span.style.background = toCss(color);
  return span;
}

/** Sets a canvas to side × side CSS pixels at the screen's resolution (only when it changes: resizing clears it). */
function sized(canvas: HTMLCanvasElement, side: number, dpr: number): void {
  const px = Math.round(side * dpr);
  if (canvas.width !== px) canvas.width = px;
  if (canvas.height !== px) canvas.height = px;
  canvas.style.width = `${side}px`;
  canvas.style.height = `${side}px`;
}

const scratch = new WeakMap<Uint8ClampedArray, HTMLCanvasElement>();

/** A size × size canvas holding RGBA pixels, to be drawn scaled. */
function pixels(rgba: Uint8ClampedArray, size: number): HTMLCanvasElement {
  let canvas = scratch.get(rgba);
  if (canvas) return canvas;
  canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), size, size), 0, 0);
  scratch.set(rgba, canvas);
  return canvas;
}

/** A flat thumbnail's mark in its middle: a cross (switched off by training) or a ring (dead at start). */
function drawMark(ctx: CanvasRenderingContext2D, side: number, color: Rgba, ring: boolean): void {
  const h = side * 0.22;
  const m = side / 2;
  ctx.strokeStyle = toCss(color);
  ctx.lineWidth = Math.max(1.5, side / 16);
  ctx.beginPath();
  if (ring) ctx.arc(m, m, h, 0, 2 * Math.PI);
  else {
    ctx.moveTo(m - h, m - h);
    ctx.lineTo(m + h, m + h);
    ctx.moveTo(m + h, m - h);
    ctx.lineTo(m - h, m + h);
  }
  ctx.stroke();
}
