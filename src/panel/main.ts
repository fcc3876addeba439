// The RegX panel's browser side: builds the page, takes the host's messages into the
// state, and redraws what changed, at most a few times a second while a training streams.
// It posts 'ready' once it listens, and the host then (re)sends the results and the
// buffered live messages, so a panel that was hidden or reloaded catches up.
import './elements';
import { isHostToPanel, type PanelToHost } from '../panel/protocol';
import { boundaryMode } from './boundary-model';
import { BoundaryView } from './boundary-view';
import { applyChartTheme } from './chart-setup';
import { el, section } from './dom';
import { FitChart } from './fit-chart';
import { Header } from './header';
import { Heatmaps } from './heatmaps';
import { HistogramCharts } from './histogram-charts';
import { LambdaSliders } from './lambda-sliders';
import { LossCharts } from './loss-charts';
import { PathView } from './path-view';
import { SparsityCharts } from './sparsity-charts';
import { applyHostMessage, askStepView, createState, type Change, type PanelState } from './state';
import { StepView } from './step-view';
import { ResultsTable } from './table';
import { readTheme, watchTheme, type Theme } from './theme';
import { Toolbar } from './toolbar';
import { defaultOptions, makeContext, type ViewContext, type ViewOptions } from './view-context';

interface VsCodeApi {
  postMessage(message: PanelToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: PanelToHost) => vscode.postMessage(message);

/** What the page keeps with setState: the host reopens the panel of this file after a reload. */
interface Saved {
  experimentPath?: string;
  options?: Partial<ViewOptions>;
}

const restored = (vscode.getState() ?? {}) as Saved;

function save(): void {
  const experimentPath = state.header?.experimentPath ?? restored.experimentPath;
  vscode.setState({ ...(experimentPath ? { experimentPath } : {}), options } satisfies Saved);
}

function savedOptions(): ViewOptions {
  return { ...defaultOptions, ...(restored.options ?? {}) };
}

let state: PanelState = createState();
let options = savedOptions();
let theme: Theme = readTheme();
applyChartTheme(theme);

// The page.
const app = document.getElementById('app') ?? document.body.appendChild(el('main', { id: 'app' }));
app.textContent = '';
app.removeAttribute('aria-busy');
const headerBox = el('header', { class: 'rx-header' });
const toolbarBox = el('div', { class: 'rx-toolbar', role: 'group', 'aria-label': 'What the views show: run, epoch, loss curves' });
const sections = {
  results: section('rx-results', 'Results'),
  paths: section('rx-paths', 'Regularization paths'),
  sliders: section('rx-sliders', 'λ sliders'),
  boundary: section('rx-boundary', 'Decision boundary'),
  loss: section('rx-loss', 'Loss curves'),
  fit: section('rx-fit', 'Fit'),
  weights: section('rx-weights', 'Weights'),
  step: section('rx-step', 'Step view: one weight, step by step'),
  sparsity: section('rx-sparsity', 'Sparsity over the epochs'),
  histograms: section('rx-histograms', 'Weight histograms and priors'),
};
const empty = el('p', { class: 'rx-empty' }, 'Nothing trained yet. Click Train, or the Train lens above the experiment, to start.');
app.append(headerBox, toolbarBox, empty, ...Object.values(sections).map((s) => s.root));
sections.loss.body.classList.add('rx-grid');
sections.sparsity.body.classList.add('rx-grid');
sections.histograms.body.classList.add('rx-grid');
sections.sparsity.note.textContent = 'solid: |w| ≤ threshold, dashed: exactly 0';

const header = new Header(headerBox, post);
const toolbar = new Toolbar(toolbarBox, () => options, (update) => setOptions(update));
const table = new ResultsTable(sections.results.body, post);
const loss = new LossCharts(sections.loss.body);
const fit = new FitChart(sections.fit.body);
const boundary = new BoundaryView(sections.boundary.body);
const stepView = new StepView(sections.step.body);
// A click on a heatmap cell asks the host for that weight's replay; the step view opens and waits for it.
const heatmaps = new Heatmaps(sections.weights.body, (variant, run, weight) => {
  askStepView(state, variant, run, weight);
  post({ type: 'stepView', variant, run, weight });
  sections.step.root.open = true;
  sections.step.root.scrollIntoView({ block: 'nearest' });
  mark(['stepView']);
  schedule();
});
const sparsity = new SparsityCharts(sections.sparsity.body);
const histograms = new HistogramCharts(sections.histograms.body);
const paths = new PathView(sections.paths.body, post);
const sliders = new LambdaSliders(sections.sliders.body, post);
sections.sliders.note.textContent = 'log scale; moving one trains that variant alone at the new λ (the file is unchanged until you write it)';
sections.paths.note.textContent = 'λ_min: lowest mean validation error; λ_1se: the largest λ within one standard error of it; click a λ to pick it';

// Redrawing: changes pile up and are drawn together, at most every `liveInterval` ms while
// a training streams, so a long run never floods the page.
type ViewId = keyof typeof sections;
const dirty = new Set<ViewId | 'header' | 'toolbar'>();
const liveInterval = 250;
let frame = 0;
let timer = 0;
let lastDraw = 0;
/** The results document received and not yet drawn, and when it came: once drawn, the host is told (`drawn`). */
let resultsToAcknowledge: { createdAt: string; received: number } | undefined;

for (const [id, s] of Object.entries(sections)) {
  s.root.open = !options.closed.includes(id);
  s.root.addEventListener('toggle', () => {
    const closed = new Set(options.closed);
    if (s.root.open) closed.delete(id);
    else closed.add(id);
    setOptions({ closed: [...closed] });
    if (s.root.open) {
      dirty.add(id as ViewId);
      schedule();
    }
  });
}

function mark(changes: Iterable<Change>): void {
  for (const change of changes) {
    switch (change) {
      case 'header':
        dirty.add('header');
        break;
      case 'errors':
        dirty.add('header');
        break;
      case 'results':
        dirty.add('results').add('paths').add('header');
        break;
      case 'history':
        dirty.add('loss').add('fit').add('histograms').add('header');
        break;
      case 'stepView':
        dirty.add('step');
        break;
      case 'structure':
        dirty.add('loss').add('fit').add('boundary').add('weights').add('sparsity').add('histograms').add('toolbar').add('header').add('results').add('paths').add('sliders');
        break;
      default:
        // dataset, frames: everything that follows the epoch.
        dirty.add('loss').add('fit').add('boundary').add('weights').add('sparsity').add('histograms').add('toolbar').add('header');
    }
  }
}

function schedule(): void {
  if (frame || timer) return;
  const wait = state.status === 'training' ? Math.max(0, liveInterval - (performance.now() - lastDraw)) : 0;
  const go = () => {
    timer = 0;
    frame = requestAnimationFrame(draw);
  };
  if (wait > 0) timer = window.setTimeout(go, wait);
  else go();
}

/** A frame's budget: past it, the remaining views are drawn in the next frame, so input and scrolling stay smooth. */
const frameBudget = 12;

function draw(): void {
  frame = 0;
  const started = performance.now();
  lastDraw = started;
  const context: ViewContext = makeContext(state, options, theme);
  empty.hidden = state.source !== 'empty';
  for (const s of Object.values(sections)) s.root.hidden = state.source === 'empty';
  sections.paths.root.hidden = !state.results?.paths?.length;
  const boundaryShows = boundaryMode(state.dataset);
  sections.boundary.root.hidden = !boundaryShows;
  // Labels against logits are no fit: for classification the boundary (or the confusion matrices) stands in its place.
  sections.fit.root.hidden = state.source === 'empty' || boundaryShows !== undefined;
  sections.boundary.root.querySelector('h2')!.textContent = boundaryShows === 'confusion' ? 'Confusion matrices' : 'Decision boundary';
  sections.boundary.note.textContent =
    boundaryShows === 'confusion' ? 'per variant, the shown run at the shown epoch' : 'per variant, the shown run at the shown epoch; computed in a worker, off the page\'s main thread';
  sections.loss.note.textContent = `solid: train, dashed: test, dotted: penalty; ${
    options.runsAs === 'band' ? 'line: mean over the runs, band: their min to max' : 'one thin line per run'
  }`;
  const views: Record<ViewId, (c: ViewContext) => void> = {
    results: (c) => table.update(c.state),
    paths: (c) => paths.update(c),
    sliders: (c) => sliders.update(c),
    loss: (c) => loss.update(c),
    fit: (c) => fit.update(c),
    boundary: (c) => boundary.update(c),
    weights: (c) => heatmaps.update(c),
    sparsity: (c) => sparsity.update(c),
    histograms: (c) => histograms.update(c),
    step: (c) => stepView.update(c),
  };
  if (dirty.has('header')) header.update(state);
  toolbar.update(context);
  dirty.delete('header');
  dirty.delete('toolbar');
  for (const id of Object.keys(views) as ViewId[]) {
    if (!dirty.has(id) || !sections[id].root.open || sections[id].root.hidden || state.source === 'empty') continue;
    if (performance.now() - started > frameBudget) {
      frame = requestAnimationFrame(draw);
      return;
    }
    dirty.delete(id);
    try {
      const start = performance.now();
      views[id](context);
      // Visible in the devtools' performance panel (and to the preview harness).
      performance.measure(`regx ${id}`, { start, end: performance.now() });
    } catch (error) {
      console.error(`RegX panel: drawing ${id} failed`, error);
    }
  }
  if (resultsToAcknowledge !== undefined) {
    const { createdAt, received } = resultsToAcknowledge;
    resultsToAcknowledge = undefined;
    // Also on the page, where the UI checks see it.
    app.dataset.drawnResults = createdAt;
    post({ type: 'drawn', createdAt, paths: sections.paths.root.open && !sections.paths.root.hidden ? paths.drawn() : [], drawMs: Math.round(performance.now() - received) });
  }
}

function setOptions(update: Partial<ViewOptions>): void {
  const epochOnly = Object.keys(update).every((k) => k === 'epoch');
  options = { ...options, ...update };
  save();
  if ('closed' in update && Object.keys(update).length === 1) return;
  if (epochOnly) dirty.add('fit').add('boundary').add('weights').add('histograms').add('loss').add('sparsity').add('toolbar');
  else if ('logScale' in update || 'runsAs' in update) dirty.add('loss').add('toolbar');
  else mark(['structure']);
  // The person's own changes are drawn at once, even while a training streams.
  if (timer) {
    window.clearTimeout(timer);
    timer = 0;
  }
  if (!frame) frame = requestAnimationFrame(draw);
}

window.addEventListener('message', (event: MessageEvent) => {
  const message: unknown = event.data;
  if (!isHostToPanel(message)) return;
  const before = state;
  const start = performance.now();
  const result = applyHostMessage(state, message);
  performance.measure(`regx message ${message.type}`, { start, end: performance.now() });
  state = result.state;
  // A new training or new results: show their latest epoch; the shown run may no longer exist.
  if (message.type === 'trainingStarted' || message.type === 'results') options = { ...options, epoch: 'latest' };
  if (state !== before && options.run >= Math.max(1, state.runsPerVariant)) options = { ...options, run: 0 };
  if (message.type === 'header') save();
  mark(result.changes);
  if (message.type === 'results') {
    resultsToAcknowledge = { createdAt: message.results.createdAt, received: start };
    // New results are drawn at once, not at the pace of a live training.
    if (timer) {
      window.clearTimeout(timer);
      timer = 0;
    }
    if (!frame) frame = requestAnimationFrame(draw);
  } else schedule();
});

watchTheme((next) => {
  theme = next;
  applyChartTheme(theme);
  loss.retheme();
  fit.retheme();
  boundary.retheme();
  heatmaps.retheme();
  sparsity.retheme();
  histograms.retheme();
  stepView.retheme();
  paths.retheme();
  mark(['structure', 'stepView']);
  schedule();
});

mark(['structure']);
schedule();
post({ type: 'ready' });
