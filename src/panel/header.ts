// The panel's header: which experiment, its status and engine, Train and Stop, the
// progress of a training, and the errors the trainer reported.
import type { PanelToHost } from '../panel/protocol';
import { el, replaceChildren } from './dom';
import { num, plural } from './format';
import { progressOf, type PanelState } from './state';

const statusText: Record<string, string> = { idle: 'not trained', training: 'training', finished: 'finished', cancelled: 'cancelled', failed: 'failed' };

export class Header {
  private readonly title = el('h1', {}, 'RegX');
  private readonly file = el('span', { class: 'rx-file' });
  private readonly status = el('span', { class: 'rx-status', role: 'status' });
  private readonly meta = el('p', { class: 'rx-meta' });
  private readonly stale = el('p', { class: 'rx-stale', hidden: true }, 'These results are older than the experiment file: train again to update them.');
  private readonly progress = el('vscode-progress-bar', { class: 'rx-progress', hidden: true, 'aria-label': 'Training progress' });
  private readonly progressText = el('p', { class: 'rx-progress-text', 'aria-live': 'off' });
  private readonly errors = el('ul', { class: 'rx-errors', role: 'alert' });
  private readonly train: HTMLElement;
  private readonly stop: HTMLElement;
  private readonly trainOnSave: HTMLInputElement;

  constructor(container: HTMLElement, post: (message: PanelToHost) => void) {
    this.train = el('vscode-button', { icon: 'play', title: 'Train every variant of the experiment' }, 'Train');
    this.stop = el('vscode-button', { icon: 'debug-stop', secondary: true, disabled: true, title: 'Stop the training' }, 'Stop');
    this.train.addEventListener('click', () => !this.train.hasAttribute('disabled') && post({ type: 'train' }));
    this.stop.addEventListener('click', () => !this.stop.hasAttribute('disabled') && post({ type: 'stop' }));
    this.trainOnSave = el('input', { type: 'checkbox', class: 'rx-train-on-save', title: 'Train again each time the file is saved (setting regx.trainOnSave); a training in flight is stopped first' });
    this.trainOnSave.addEventListener('change', () => post({ type: 'setTrainOnSave', on: this.trainOnSave.checked }));
    replaceChildren(
      container,
      el('div', { class: 'rx-header-row' }, el('div', { class: 'rx-title' }, this.title, el('div', { class: 'rx-subtitle' }, this.file, this.status)), el('div', { class: 'rx-actions' }, this.train, this.stop, el('label', { class: 'rx-toggle' }, this.trainOnSave, ' Train on save'))),
      this.meta,
      this.stale,
      this.progress,
      this.progressText,
      this.errors,
    );
  }

  update(state: PanelState): void {
    const header = state.header;
    const experiment = state.experiment ?? state.results?.experiment;
    this.title.textContent = header?.experimentName || experiment?.name || 'RegX';
    this.file.textContent = header?.fileName || state.results?.experimentFile || '';
    const status = state.status;
    this.status.textContent = statusText[status] ?? status;
    this.status.className = `rx-status rx-status-${status}`;
    const training = status === 'training';
    this.train.toggleAttribute('disabled', training);
    this.stop.toggleAttribute('disabled', !training);
    this.stale.hidden = !header?.stale;
    this.trainOnSave.checked = header?.trainOnSave === true;

    const parts: string[] = [];
    if (header?.engine) parts.push(header.engine);
    else if (state.engine) parts.push(`${state.engine} engine on ${state.backend}`);
    if (state.variants.length) parts.push(`${plural(state.variants.length, 'variant')} × ${plural(state.runsPerVariant, 'run')}, ${state.epochs} epochs`);
    if (state.dataset) parts.push(`${state.dataset.train.rows} train + ${state.dataset.test.rows} test rows, ${plural(state.dataset.d, 'input')}`);
    if (header?.message) parts.push(header.message);
    this.meta.textContent = parts.join(' · ');

    const { done, total } = progressOf(state);
    this.progress.hidden = !training;
    if (training && total > 0) {
      this.progress.setAttribute('max', String(total));
      this.progress.setAttribute('value', String(done));
      const active = state.variants.flatMap((v) => {
        const runs = v.runs.filter((r) => r && !r.result && r.epoch > 0);
        if (runs.length === 0) return [];
        const epochs = runs.map((r) => r.epoch);
        const low = Math.min(...epochs);
        const high = Math.max(...epochs);
        const speed = runs.reduce((sum, r) => sum + (r.stepsPerSecond ?? 0), 0);
        const which = runs.length === 1 ? `run ${runs[0].run + 1}` : `${runs.length} runs`;
        return [`${v.name} ${which}: epoch ${low === high ? low : `${low}–${high}`}/${runs[0].epochs || state.epochs}${speed ? `, ${num(speed, 3)} steps/s` : ''}`];
      });
      this.progressText.textContent = `${Math.round((100 * done) / total)}% · ${active.join(' · ') || 'starting'}`;
    } else {
      this.progressText.textContent = '';
    }
    replaceChildren(this.errors, ...state.errors.slice(-5).map((e) => el('li', {}, e.path ? `${e.path}: ${e.message}` : e.message)));
  }
}
