// The controls every view follows: which run to show, the epoch slider with its play
// button (replaying the snapshots), the runs as band or lines, and the log scale.
import { el, replaceChildren } from './dom';
import type { ViewContext, ViewOptions } from './view-context';

export class Toolbar {
  private readonly runSelect: HTMLElement & { value?: string };
  private readonly slider: HTMLInputElement;
  private readonly epochText: HTMLOutputElement;
  private readonly play: HTMLElement;
  private readonly band: HTMLElement & { checked?: boolean };
  private readonly lines: HTMLElement & { checked?: boolean };
  private readonly log: HTMLElement & { checked?: boolean };
  private epochs: number[] = [];
  private timer = 0;
  private runCount = -1;

  constructor(
    container: HTMLElement,
    private readonly options: () => ViewOptions,
    private readonly change: (update: Partial<ViewOptions>) => void,
  ) {
    this.runSelect = el('vscode-single-select', { id: 'rx-run', label: 'Run shown' });
    this.slider = el('input', { type: 'range', id: 'rx-epoch', min: 0, max: 0, step: 1, value: 0, 'aria-label': 'Epoch shown' });
    this.epochText = el('output', { for: 'rx-epoch', class: 'rx-epoch-text' });
    this.play = el('vscode-button', { icon: 'play', secondary: true, 'icon-only': true, title: 'Replay the snapshots', 'aria-label': 'Play: replay the snapshots' });
    this.band = el('vscode-radio', { name: 'rx-runs-as', label: 'band', value: 'band' });
    this.lines = el('vscode-radio', { name: 'rx-runs-as', label: 'lines', value: 'lines' });
    this.log = el('vscode-checkbox', { label: 'log scale' });
    const runsAs = el('vscode-radio-group', { variant: 'horizontal', 'aria-label': 'Runs in the loss curves as' }, this.band, this.lines);
    replaceChildren(
      container,
      el('div', { class: 'rx-tool' }, el('label', { for: 'rx-run' }, 'Run'), this.runSelect),
      el('div', { class: 'rx-tool rx-tool-epoch' }, this.play, el('label', { for: 'rx-epoch' }, 'Epoch'), this.slider, this.epochText),
      el('div', { class: 'rx-tool' }, el('span', { class: 'rx-tool-label' }, 'Runs as'), runsAs),
      el('div', { class: 'rx-tool' }, this.log),
    );
    this.runSelect.addEventListener('change', () => this.change({ run: Number(this.runSelect.value ?? 0) }));
    this.slider.addEventListener('input', () => {
      this.stopPlaying();
      this.change({ epoch: this.epochOfSlider() });
    });
    this.slider.addEventListener('keydown', (event) => {
      if (event.key === ' ' || event.key === 'Enter') {
        event.preventDefault();
        this.toggle();
      }
    });
    this.play.addEventListener('click', () => this.toggle());
    const onRuns = () => this.change({ runsAs: this.lines.checked ? 'lines' : 'band' });
    this.band.addEventListener('change', onRuns);
    this.lines.addEventListener('change', onRuns);
    this.log.addEventListener('change', () => this.change({ logScale: !!this.log.checked }));
  }

  /** The slider at its last step follows the training ('latest'). */
  private epochOfSlider(): number | 'latest' {
    const i = Number(this.slider.value);
    return i >= this.epochs.length - 1 ? 'latest' : this.epochs[i];
  }

  update(context: ViewContext): void {
    const { options, state } = context;
    const runs = Math.max(1, state.runsPerVariant);
    if (runs !== this.runCount) {
      this.runCount = runs;
      replaceChildren(this.runSelect, ...Array.from({ length: runs }, (_, r) => el('vscode-option', { value: String(r), selected: r === options.run }, `Run ${r + 1}`)));
    }
    if (this.runSelect.value !== String(options.run)) this.runSelect.value = String(options.run);
    this.epochs = context.epochs;
    const index = Math.max(0, this.epochs.indexOf(context.epoch));
    this.slider.max = String(Math.max(0, this.epochs.length - 1));
    this.slider.value = String(options.epoch === 'latest' ? this.epochs.length - 1 : index);
    this.slider.disabled = this.epochs.length < 2;
    const last = this.epochs[this.epochs.length - 1] ?? 0;
    const total = state.epochs || last;
    const follow = options.epoch === 'latest' && state.status === 'training' ? ' (live)' : '';
    this.epochText.textContent = `${context.epoch} / ${total}${follow}`;
    this.slider.setAttribute('aria-valuetext', `epoch ${context.epoch} of ${total}${follow}`);
    this.band.checked = options.runsAs === 'band';
    this.lines.checked = options.runsAs === 'lines';
    this.band.toggleAttribute('checked', options.runsAs === 'band');
    this.lines.toggleAttribute('checked', options.runsAs === 'lines');
    this.log.checked = options.logScale;
    this.log.toggleAttribute('checked', options.logScale);
  }

  private toggle(): void {
    if (this.timer) this.stopPlaying();
    else this.startPlaying();
  }

  private startPlaying(): void {
    if (this.epochs.length < 2) return;
    let i = this.options().epoch === 'latest' ? 0 : Math.max(0, this.epochs.indexOf(this.options().epoch as number));
    if (i >= this.epochs.length - 1) i = 0;
    this.play.setAttribute('icon', 'debug-pause');
    this.play.setAttribute('aria-label', 'Pause the replay');
    this.play.setAttribute('title', 'Pause the replay');
    // About four seconds for a whole replay, at most 25 frames a second.
    const interval = Math.max(40, Math.min(250, 4000 / this.epochs.length));
    this.change({ epoch: this.epochs[i] });
    this.timer = window.setInterval(() => {
      i++;
      if (i >= this.epochs.length - 1) {
        this.stopPlaying();
        this.change({ epoch: 'latest' });
        return;
      }
      this.change({ epoch: this.epochs[i] });
    }, interval);
  }

  private stopPlaying(): void {
    if (!this.timer) return;
    window.clearInterval(this.timer);
    this.timer = 0;
    this.play.setAttribute('icon', 'play');
    this.play.setAttribute('aria-label', 'Play: replay the snapshots');
    this.play.setAttribute('title', 'Replay the snapshots');
  }
}
