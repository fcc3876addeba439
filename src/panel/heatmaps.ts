// Weight heatmaps: every layer of every variant at the shown epoch, one row per layer and
// one column per variant, on a diverging scale centred on zero that every variant shares
// for a layer, so L1's empty rows and L2's small even weights compare at a glance.
//
// A kernel is drawn as stored: rows are the layer's inputs, columns its neurons, the bias
// a row of its own below. Dead neurons are marked × twice: above their column (the weights
// into them) and beside their row in the next layer (the weights out of them). Unused
// inputs are marked beside their row in the first layer. A neuron (or input) whose incoming or
// outgoing weights are all exactly 0, as the group lasso leaves them, is marked ● instead. Hover or focus a heatmap and use
// the arrow keys to read a weight; the text under the heatmaps says the same in words.
import { removableNeurons } from '../core/analysis/contribution';
import { deadNeurons, type DeadNeuronReport, type NeuronState } from '../core/analysis/neurons';
import { unusedInputs } from '../core/analysis/unused-inputs';
import { exactZeroNeurons, wholeZeroCounts, type ExactZeroNeurons } from '../core/analysis/zero-groups';
import { isZero } from '../core/analysis/weights';
import { DEFAULT_SPARSITY_THRESHOLD } from '../core/defaults';
import type { LayerParams, Params } from '../core/mlp';
import { analysisView, deadReasonText } from './analysis-view';
import type { WeightAddress } from '../core/step-trace';
import { divergingColor, maxAbs, toCss, type Rgba } from './color-scale';
import { el, replaceChildren } from './dom';
import { num, percent } from './format';
import { cachedLayerZeros } from './sparsity';
import { sparsityThreshold, type Frame, type RunState, type VariantState } from './state';
import { shownFrame, shownRun, type ViewContext } from './view-context';

interface Layout {
  gutter: number;
  top: number;
  cell: number;
  rows: number;
  cols: number;
  biasTop: number;
  width: number;
  height: number;
}

interface Target {
  canvas: HTMLCanvasElement;
  variant: VariantState;
  layer: number;
  layout?: Layout;
  params?: LayerParams;
  dead?: DeadNeuronReport;
  rowNames: string[];
  colNames: string[];
  unused: Set<number>;
  exactZero?: ExactZeroNeurons;
  cursor?: { r: number; c: number };
}

const markRow = 12;
/** √ colour scale: a weight a tenth of the layer's largest is a third of the way to full colour. */
const gamma = 0.5;
const biasGap = 5;
const labelFont = 10;

const deadCache = new WeakMap<Params, DeadNeuronReport>();
const exactZeroCache = new WeakMap<Params, ExactZeroNeurons>();

/** The whole neurons at exactly 0 of a frame (core/analysis/zero-groups.ts), once per frame. */
function exactZeroOf(params: Params): ExactZeroNeurons {
  let report = exactZeroCache.get(params);
  if (!report) exactZeroCache.set(params, (report = exactZeroNeurons(params)));
  return report;
}

/** Whether hidden neuron j of hidden layer l (or input j, l = -1) has all its incoming or all its outgoing weights exactly 0. */
function atExactZero(report: ExactZeroNeurons | undefined, l: number, j: number): boolean {
  if (!report) return false;
  if (l < 0) return report.inputs.includes(j);
  return (report.outgoing[l]?.includes(j) ?? false) || (report.incoming[l]?.includes(j) ?? false);
}

/** The dead neurons of a frame: the trainer's analysis for a finished run's final weights, else the same analysis run here. */
export function deadNeuronsOf(run: RunState | undefined, frame: Frame, threshold: number, train?: { x: ArrayLike<number>; n: number }): DeadNeuronReport {
  const result = run?.result;
  if (result && (frame.params === result.params || frame.epoch === result.epochs)) {
    const dead = analysisView(result.analysis).dead;
    if (dead && dead.layers.length === frame.params.length - 1) return dead;
  }
  let report = deadCache.get(frame.params);
  if (!report) {
    // With training rows, the trainer's rule (what a neuron contributes); without, only the
    // weights can tell. The run's epoch-0 frame tells the neurons dead at the start.
    const start = run?.frames[0]?.epoch === 0 ? run.frames[0].params : undefined;
    report = train && train.n > 0 ? removableNeurons(frame.params, train, threshold, undefined, start) : deadNeurons(frame.params, undefined, 0, threshold);
    deadCache.set(frame.params, report);
  }
  return report;
}

/** The unused inputs of a frame: the trainer's analysis for a finished run's final weights, else the same rule run here. */
function unusedInputsOf(run: RunState | undefined, frame: Frame, inputNames: string[], threshold: number, dead: DeadNeuronReport): Set<number> {
  const result = run?.result;
  if (result && frame.epoch === result.epochs) {
    const names = analysisView(result.analysis).unusedInputs;
    return new Set(names.map((n) => inputNames.indexOf(n)).filter((i) => i >= 0));
  }
  if (frame.params.length === 0) return new Set();
  return new Set(unusedInputs(frame.params, threshold, inputNames, dead).map((u) => u.index));
}

function layerTitle(layer: number, count: number): string {
  return layer === count - 1 ? 'Output' : `Hidden ${layer + 1}`;
}

function sourceNames(layer: number, rows: number, inputNames: string[]): string[] {
  if (layer === 0) return Array.from({ length: rows }, (_, i) => inputNames[i] ?? `x${i + 1}`);
  return Array.from({ length: rows }, (_, i) => `h${layer}.${i + 1}`);
}

function unitNames(layer: number, cols: number, count: number): string[] {
  if (layer === count - 1) return ['output'];
  return Array.from({ length: cols }, (_, j) => `h${layer + 1}.${j + 1}`);
}

function shortLabel(name: string, layer: number, index: number): string {
  if (layer > 0) return String(index + 1);
  return name.length > 12 ? `${name.slice(0, 11)}…` : name;
}

export class Heatmaps {
  private targets: Target[] = [];
  private signature = '';
  private context?: ViewContext;
  private readonly grid: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly live: HTMLElement;
  private scales: HTMLCanvasElement[] = [];
  private scaleLabels: HTMLElement[] = [];
  private headers: HTMLElement[] = [];
  private frameId = 0;

  constructor(
    private readonly container: HTMLElement,
    /** A cell (one weight) was clicked or chosen with Enter: its step view. */
    private readonly onPick?: (variant: string, run: number, weight: WeightAddress) => void,
  ) {
    this.grid = el('div', { class: 'rx-heat-grid' });
    this.notes = el('ul', { class: 'rx-heat-notes' });
    this.tooltip = el('div', { class: 'rx-tooltip', role: 'presentation', hidden: true });
    this.live = el('div', { class: 'rx-sr-only', 'aria-live': 'polite' });
    const legend = el(
      'p',
      { class: 'rx-legend' },
      el('span', { class: 'rx-swatch rx-swatch-negative' }),
      ' negative ',
      el('span', { class: 'rx-swatch rx-swatch-neutral' }),
      ' zero ',
      el('span', { class: 'rx-swatch rx-swatch-positive' }),
      ' positive (√ scale: small weights show) · ',
      el('span', { class: 'rx-dead-mark', 'aria-hidden': 'true' }, '×'),
      ' neuron switched off by training (above its column: weights in; beside its row in the next layer: weights out) or unused input · ',
      el('span', { class: 'rx-dead-mark', 'aria-hidden': 'true' }, '●'),
      ' the same, with all its weights in or out exactly 0 (the group lasso\'s zeros) · ',
      el('span', { class: 'rx-start-mark', 'aria-hidden': 'true' }, '○'),
      ' dead at start (already dead or constant at the initial weights) · click a cell (or Enter on it): that weight step by step · rows: inputs of the layer, columns: its neurons, last row: bias',
    );
    replaceChildren(container, legend, el('div', { class: 'rx-heat-wrap' }, this.grid, this.tooltip), this.notes, this.live);
    new ResizeObserver(() => this.schedule()).observe(container);
  }

  private schedule(): void {
    if (this.frameId || !this.context) return;
    this.frameId = requestAnimationFrame(() => {
      this.frameId = 0;
      if (this.context) this.draw(this.context);
    });
  }

  update(context: ViewContext): void {
    this.context = context;
    const variants = context.state.variants;
    const layerCount = Math.max(0, ...variants.map((v) => shownFrame(v, context)?.params.length ?? 0));
    const signature = `${variants.map((v) => v.name).join('\u0000')}|${layerCount}`;
    if (signature !== this.signature) this.rebuild(context, layerCount, signature);
    this.draw(context);
  }

  private rebuild(context: ViewContext, layerCount: number, signature: string): void {
    this.signature = signature;
    const variants = context.state.variants;
    this.targets = [];
    this.scales = [];
    this.scaleLabels = [];
    this.grid.style.gridTemplateColumns = `max-content repeat(${Math.max(1, variants.length)}, minmax(0, 1fr))`;
    const children: HTMLElement[] = [el('div', { class: 'rx-heat-corner' })];
    this.headers = variants.map((v) => el('div', { class: 'rx-heat-head' }, v.name));
    children.push(...this.headers);
    for (let layer = 0; layer < layerCount; layer++) {
      const scale = el('canvas', { class: 'rx-heat-scale', width: 72, height: 8, 'aria-hidden': 'true' });
      const scaleLabel = el('span', { class: 'rx-heat-scale-label' });
      this.scales.push(scale);
      this.scaleLabels.push(scaleLabel);
      children.push(el('div', { class: 'rx-heat-label' }, el('strong', {}, layerTitle(layer, layerCount)), el('span', { class: 'rx-heat-shape' }), scale, scaleLabel));
      for (const variant of variants) {
        const canvas = el('canvas', { class: 'rx-heat', tabindex: 0, role: 'img' });
        const target: Target = { canvas, variant, layer, rowNames: [], colNames: [], unused: new Set() };
        this.listen(target);
        this.targets.push(target);
        children.push(el('div', { class: 'rx-heat-cell' }, canvas));
      }
    }
    replaceChildren(this.grid, ...children);
  }

  private draw(context: ViewContext): void {
    const { state } = context;
    const variants = state.variants;
    const threshold = sparsityThreshold(state);
    const inputNames = state.dataset?.inputNames ?? [];
    const train = state.dataset ? { x: state.dataset.train.x, n: state.dataset.train.n } : undefined;
    const frames = variants.map((v) => shownFrame(v, context));
    const runs = variants.map((v) => shownRun(v, context.options));
    const layerCount = this.scales.length;
    // One scale per layer, shared by the variants: the largest |kernel weight| they show.
    const maxima = Array.from({ length: layerCount }, (_, l) => maxAbs(...frames.map((f) => f?.params[l]?.kernel ?? [])));
    // One cell size for everything, from the width each variant has.
    const width = this.grid.clientWidth || this.container.clientWidth || 600;
    const labelWidth = 96;
    const column = Math.max(60, (width - labelWidth - 12 * variants.length) / Math.max(1, variants.length));
    const maxCols = Math.max(1, ...frames.flatMap((f) => f?.params.map((p) => p.cols) ?? [1]));
    const gutter = this.gutterWidth(inputNames);
    const cell = Math.max(4, Math.min(24, Math.floor((column - gutter - 4) / maxCols)));

    for (let l = 0; l < layerCount; l++) this.drawScale(l, maxima[l], context);
    const dpr = window.devicePixelRatio || 1;
    variants.forEach((variant, v) => {
      const frame = frames[v];
      const run = runs[v];
      this.headers[v].textContent = '';
      this.headers[v].append(
        el('span', { class: 'rx-variant-name' }, variant.name),
        ' ',
        el('span', { class: 'rx-formula' }, variant.formula),
        el('br'),
        el('span', { class: 'rx-muted' }, frame ? `run ${(run?.run ?? 0) + 1}, epoch ${frame.epoch}` : 'no weights yet'),
      );
    });
    for (const target of this.targets) {
      const v = variants.findIndex((x) => x.name === target.variant.name);
      const frame = frames[v];
      const run = runs[v];
      const params = frame?.params[target.layer];
      target.params = params;
      const ctx = target.canvas.getContext('2d');
      if (!ctx) continue;
      if (!frame || !params) {
        target.layout = undefined;
        target.canvas.width = 1;
        target.canvas.height = 1;
        target.canvas.setAttribute('aria-label', `${target.variant.name}: no weights yet`);
        continue;
      }
      target.dead = deadNeuronsOf(run, frame, threshold, train);
      target.unused = target.layer === 0 ? unusedInputsOf(run, frame, inputNames, threshold, target.dead) : new Set();
      target.exactZero = exactZeroOf(frame.params);
      target.rowNames = sourceNames(target.layer, params.rows, inputNames);
      target.colNames = unitNames(target.layer, params.cols, frame.params.length);
      const g = target.layer === 0 ? gutter : this.gutterWidth([String(params.rows)]);
      const layout: Layout = {
        gutter: g,
        top: markRow,
        cell,
        rows: params.rows,
        cols: params.cols,
        biasTop: markRow + params.rows * cell + biasGap,
        width: g + params.cols * cell + 2,
        height: markRow + params.rows * cell + biasGap + cell + 2,
      };
      target.layout = layout;
      // Where the cells are, for whatever drives the page (the UI checks click a cell by it).
      target.canvas.dataset.cells = JSON.stringify({ gutter: layout.gutter, top: layout.top, cell: layout.cell, rows: layout.rows, cols: layout.cols });
      target.canvas.width = Math.round(layout.width * dpr);
      target.canvas.height = Math.round(layout.height * dpr);
      target.canvas.style.width = `${layout.width}px`;
      target.canvas.style.height = `${layout.height}px`;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this.paint(ctx, target, maxima[target.layer], context);
      target.canvas.setAttribute('aria-label', this.describeLayer(target, frame, threshold));
    }
    this.notes.textContent = '';
    variants.forEach((variant, v) => {
      const frame = frames[v];
      if (frame) this.notes.append(el('li', {}, this.describeVariant(variant, runs[v], frame, threshold, inputNames)));
    });
    const first = this.shapeLabels(frames);
    this.grid.querySelectorAll('.rx-heat-shape').forEach((node, l) => (node.textContent = first[l] ?? ''));
  }

  private shapeLabels(frames: (Frame | undefined)[]): string[] {
    const params = frames.find((f) => f)?.params ?? [];
    return params.map((p, l) => `${l === 0 ? 'inputs' : `h${l}`} → ${l === params.length - 1 ? 'out' : `h${l + 1}`} · ${p.rows}×${p.cols}`);
  }

  private gutterWidth(names: string[]): number {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return 40;
    ctx.font = `${labelFont}px ${this.context?.theme.fontFamily ?? 'sans-serif'}`;
    const widest = Math.max(ctx.measureText('b').width, ...names.map((n, i) => ctx.measureText(shortLabel(n, 0, i)).width));
    return Math.ceil(widest) + 16;
  }

  private drawScale(layer: number, max: number, context: ViewContext): void {
    const canvas = this.scales[layer];
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const w = canvas.width;
    for (let x = 0; x < w; x++) {
      const value = ((x + 0.5) / w) * 2 - 1;
      ctx.fillStyle = toCss(divergingColor(value, 1, context.theme.heat, gamma));
      ctx.fillRect(x, 0, 1, canvas.height);
    }
    this.scaleLabels[layer].textContent = max > 0 ? `−${num(max, 2)} … 0 … +${num(max, 2)}` : 'all zero';
  }

  private paint(ctx: CanvasRenderingContext2D, target: Target, max: number, context: ViewContext): void {
    const { theme } = context;
    const layout = target.layout!;
    const params = target.params!;
    const { gutter, top, cell, rows, cols, biasTop } = layout;
    ctx.clearRect(0, 0, layout.width, layout.height);
    const inset = cell >= 8 ? 1 : 0;
    const fill = (color: Rgba, x: number, y: number) => {
      ctx.fillStyle = toCss(color);
      ctx.fillRect(x, y, cell - inset, cell - inset);
    };
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) fill(divergingColor(params.kernel[r * cols + c], max, theme.heat, gamma), gutter + c * cell, top + r * cell);
    }
    for (let c = 0; c < cols; c++) fill(divergingColor(params.bias[c], max, theme.heat, gamma), gutter + c * cell, biasTop);
    if (theme.highContrast && theme.contrastBorder) {
      ctx.strokeStyle = toCss(theme.contrastBorder);
      ctx.lineWidth = 1;
      ctx.strokeRect(gutter - 0.5, top - 0.5, cols * cell, rows * cell);
      ctx.strokeRect(gutter - 0.5, biasTop - 0.5, cols * cell, cell);
    }
    // Row labels: input names in the first layer, neuron numbers after; only when they fit.
    ctx.font = `${labelFont}px ${theme.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    const every = cell >= 11 ? 1 : Math.ceil(11 / cell);
    for (let r = 0; r < rows; r++) {
      const dead = target.layer > 0 ? !(target.dead?.layers[target.layer - 1]?.neurons[r]?.alive ?? true) : target.unused.has(r);
      const atStart = target.layer > 0 && dead && target.dead?.layers[target.layer - 1]?.deadAtStart?.[r] === true;
      ctx.fillStyle = toCss(dead && !atStart ? theme.error : theme.muted);
      if (r % every === 0 || dead) ctx.fillText(shortLabel(target.rowNames[r], target.layer, r), gutter - 12, top + r * cell + cell / 2);
      if (atExactZero(target.exactZero, target.layer - 1, r)) this.dot(ctx, gutter - 6, top + r * cell + cell / 2, theme.error);
      else if (atStart) this.ring(ctx, gutter - 6, top + r * cell + cell / 2, theme.muted);
      else if (dead) this.cross(ctx, gutter - 6, top + r * cell + cell / 2, theme.error);
    }
    ctx.fillStyle = toCss(theme.muted);
    ctx.fillText('b', gutter - 12, biasTop + cell / 2);
    // Neurons of this layer that are off: a mark above their column, a dot for those at exactly
    // 0, a ring for those dead at the start (no training could have used them), a cross for
    // those training switched off.
    const own = target.dead?.layers[target.layer];
    own?.neurons.forEach((s, c) => {
      if (atExactZero(target.exactZero, target.layer, c)) this.dot(ctx, gutter + c * cell + cell / 2, top / 2, theme.error);
      else if (!s.alive && own.deadAtStart?.[c]) this.ring(ctx, gutter + c * cell + cell / 2, top / 2, theme.muted);
      else if (!s.alive) this.cross(ctx, gutter + c * cell + cell / 2, top / 2, theme.error);
    });
    // The focused cell.
    if (target.cursor && document.activeElement === target.canvas) {
      const { r, c } = target.cursor;
      ctx.strokeStyle = toCss(theme.focus);
      ctx.lineWidth = 2;
      ctx.strokeRect(gutter + c * cell - 1, (r === rows ? biasTop : top + r * cell) - 1, cell + 1, cell + 1);
    }
  }

  private cross(ctx: CanvasRenderingContext2D, x: number, y: number, color: Rgba): void {
    const h = 3;
    ctx.strokeStyle = toCss(color);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(x - h, y - h);
    ctx.lineTo(x + h, y + h);
    ctx.moveTo(x + h, y - h);
    ctx.lineTo(x - h, y + h);
    ctx.stroke();
  }

  private dot(ctx: CanvasRenderingContext2D, x: number, y: number, color: Rgba): void {
    ctx.fillStyle = toCss(color);
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, 2 * Math.PI);
    ctx.fill();
  }

  private ring(ctx: CanvasRenderingContext2D, x: number, y: number, color: Rgba): void {
    ctx.strokeStyle = toCss(color);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, 2 * Math.PI);
    ctx.stroke();
  }

  /** What the cell at (r, c) holds, in words; r = rows is the bias. */
  private cellText(target: Target, r: number, c: number): string {
    const params = target.params!;
    const unit = target.colNames[c];
    const threshold = this.context ? sparsityThreshold(this.context.state) : DEFAULT_SPARSITY_THRESHOLD;
    const note = (w: number) => (w === 0 ? ' (exactly 0)' : isZero(w, threshold) ? ' (zero: |w| ≤ threshold)' : '');
    let text: string;
    if (r === params.rows) {
      const b = params.bias[c];
      text = `${target.variant.name}: bias of ${unit} = ${num(b, 4)}`;
    } else {
      const w = params.kernel[r * params.cols + c];
      text = `${target.variant.name}: ${target.rowNames[r]} → ${unit}: w = ${num(w, 4)}${note(w)}`;
      const source = target.layer > 0 ? target.dead?.layers[target.layer - 1]?.neurons[r] : undefined;
      const why = deadReasonText(source);
      const sourceAtStart = target.dead?.layers[target.layer - 1]?.deadAtStart?.[r] ? ' (dead at start)' : '';
      if (why) text += `; ${target.rowNames[r]} is off${sourceAtStart}: ${why}`;
      if (target.layer === 0 && target.unused.has(r)) text += `; input ${target.rowNames[r]} is unused`;
      if (atExactZero(target.exactZero, target.layer - 1, r)) text += `; ${target.rowNames[r]}'s weights ${target.layer === 0 ? 'out' : 'in or out'} are all exactly 0`;
    }
    if (atExactZero(target.exactZero, target.layer, c)) text += `; ${unit}'s weights in or out are all exactly 0`;
    const own: NeuronState | undefined = target.dead?.layers[target.layer]?.neurons[c];
    const why = deadReasonText(own);
    const ownAtStart = target.dead?.layers[target.layer]?.deadAtStart?.[c] ? ' (dead at start)' : ' (switched off by training)';
    if (why) text += `; ${unit} is off${target.dead?.layers[target.layer]?.deadAtStart ? ownAtStart : ''}: ${why}`;
    return text;
  }

  private listen(target: Target): void {
    const { canvas } = target;
    const show = (text: string, x: number, y: number) => {
      this.tooltip.textContent = text;
      this.tooltip.hidden = false;
      const wrap = this.tooltip.parentElement!.getBoundingClientRect();
      const left = Math.min(x - wrap.left + 12, wrap.width - 260);
      this.tooltip.style.left = `${Math.max(0, left)}px`;
      this.tooltip.style.top = `${y - wrap.top + 14}px`;
    };
    const cellAt = (event: MouseEvent) => {
      const layout = target.layout;
      if (!layout) return undefined;
      const rect = canvas.getBoundingClientRect();
      const x = event.clientX - rect.left - layout.gutter;
      const y = event.clientY - rect.top;
      const c = Math.floor(x / layout.cell);
      if (c < 0 || c >= layout.cols) return undefined;
      if (y >= layout.top && y < layout.top + layout.rows * layout.cell) return { r: Math.floor((y - layout.top) / layout.cell), c };
      if (y >= layout.biasTop && y < layout.biasTop + layout.cell) return { r: layout.rows, c };
      return undefined;
    };
    canvas.addEventListener('mousemove', (event) => {
      const at = cellAt(event);
      if (!at || !target.params) {
        this.tooltip.hidden = true;
        return;
      }
      show(this.cellText(target, at.r, at.c), event.clientX, event.clientY);
    });
    canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
    canvas.addEventListener('click', (event) => {
      const at = cellAt(event);
      if (at) this.pick(target, at.r, at.c);
    });
    canvas.addEventListener('blur', () => {
      this.tooltip.hidden = true;
      if (this.context) this.draw(this.context);
    });
    canvas.addEventListener('focus', () => {
      target.cursor ??= { r: 0, c: 0 };
      this.moveCursor(target, 0, 0);
    });
    canvas.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && target.cursor) {
        event.preventDefault();
        this.pick(target, target.cursor.r, target.cursor.c);
        return;
      }
      const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      this.moveCursor(target, move[0], move[1]);
    });
  }

  /** The weight at (r, c) of a target (r = rows: the bias) for the step view, of the shown run. */
  private pick(target: Target, r: number, c: number): void {
    const params = target.params;
    if (!params || !this.onPick || !this.context) return;
    const run = shownRun(target.variant, this.context.options)?.run ?? 0;
    const weight: WeightAddress = r === params.rows ? { layer: target.layer, part: 'bias', index: c } : { layer: target.layer, part: 'kernel', index: r * params.cols + c };
    this.onPick(target.variant.name, run, weight);
  }

  private moveCursor(target: Target, dr: number, dc: number): void {
    const layout = target.layout;
    if (!layout || !target.params) return;
    const cursor = target.cursor ?? { r: 0, c: 0 };
    cursor.r = Math.max(0, Math.min(layout.rows, cursor.r + dr));
    cursor.c = Math.max(0, Math.min(layout.cols - 1, cursor.c + dc));
    target.cursor = cursor;
    const text = this.cellText(target, cursor.r, cursor.c);
    this.live.textContent = text;
    const rect = target.canvas.getBoundingClientRect();
    const y = cursor.r === layout.rows ? layout.biasTop : layout.top + cursor.r * layout.cell;
    this.tooltip.textContent = text;
    this.tooltip.hidden = false;
    const wrap = this.tooltip.parentElement!.getBoundingClientRect();
    this.tooltip.style.left = `${Math.max(0, Math.min(rect.left - wrap.left + layout.gutter + cursor.c * layout.cell, wrap.width - 260))}px`;
    this.tooltip.style.top = `${rect.top - wrap.top + y + layout.cell + 4}px`;
    if (this.context) {
      const ctx = target.canvas.getContext('2d');
      const max = maxAbs(...this.context.state.variants.map((v) => shownFrame(v, this.context!)?.params[target.layer]?.kernel ?? []));
      if (ctx) this.paint(ctx, target, max, this.context);
    }
  }

  private describeLayer(target: Target, frame: Frame, threshold: number): string {
    const params = target.params!;
    const zeros = cachedLayerZeros(frame.params, threshold)[target.layer];
    const dead = target.dead?.layers[target.layer];
    const deadText = dead ? `, ${dead.size - dead.live} of ${dead.size} neurons dead` : '';
    return `${target.variant.name}, ${layerTitle(target.layer, frame.params.length)} weights at epoch ${frame.epoch}: ${params.rows} × ${params.cols}, ${percent(zeros?.near)} zero${deadText}. Focus and use the arrow keys to read each weight.`;
  }

  private describeVariant(variant: VariantState, run: RunState | undefined, frame: Frame, threshold: number, inputNames: string[]): string {
    const dead = deadNeuronsOf(run, frame, threshold);
    const zeros = cachedLayerZeros(frame.params, threshold);
    let count = 0;
    let near = 0;
    let exact = 0;
    frame.params.forEach((p, l) => {
      count += p.kernel.length;
      near += zeros[l].near * p.kernel.length;
      exact += zeros[l].exact * p.kernel.length;
    });
    const live = dead.layers.map((l) => `${l.live}/${l.size}`).join(', ');
    const deadList = dead.layers
      .flatMap((l) => l.neurons.map((s, j) => (s.alive ? '' : `h${l.layer + 1}.${j + 1} (${l.deadAtStart?.[j] ? 'dead at start' : s.reason === 'contribution' ? 'switched off' : s.reason})`)).filter(Boolean))
      .slice(0, 12);
    const unused = [...unusedInputsOf(run, frame, inputNames, threshold, dead)].map((i) => inputNames[i] ?? `x${i + 1}`);
    const exactZero = wholeZeroCounts(exactZeroOf(frame.params));
    return (
      `${variant.name}, run ${(run?.run ?? 0) + 1}, epoch ${frame.epoch}: ` +
      `${percent(count ? near / count : 0)} of kernel weights zero (|w| ≤ ${threshold}), ${percent(count ? exact / count : 0)} exactly 0` +
      (dead.layers.length ? `; live neurons per hidden layer ${live}` : '') +
      (exactZero.some((k) => k > 0) ? `; neurons at exactly 0 per hidden layer ${exactZero.map((k, l) => `${k}/${dead.layers[l]?.size ?? '?'}`).join(', ')}` : '') +
      (deadList.length ? `; dead: ${deadList.join(', ')}` : '') +
      (unused.length ? `; unused inputs: ${unused.join(', ')}` : '') +
      '.'
    );
  }

  retheme(): void {
    if (this.context) this.draw(this.context);
  }
}
