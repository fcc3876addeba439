// A λ slider per penalized variant, on a log scale over two decades either side of the
// file's λ: moving it trains that variant alone at the new λ (after a pause of the hand, the
// training in flight stopped) and the views redraw from its results; letting go offers to
// write the value into the file, an undoable edit. λ is the variant's l1 (its l2 when it has
// no l1) as the file writes it; an elastic net's l1 and l2 move together.
import type { Experiment } from '../core/experiment';
import type { PanelToHost } from '../panel/protocol';
import { el, replaceChildren } from './dom';
import type { ViewContext } from './view-context';

/** Slider positions per decade, and decades either side of the file's λ. */
const STEPS_PER_DECADE = 50;
const DECADES = 2;
/** How long the hand must rest before a moved slider trains. */
export const SLIDER_DEBOUNCE_MS = 250;

/** The λ of each penalized fixed variant as the file writes it. */
export function sliderVariants(experiment: Experiment): { name: string; lambda: number }[] {
  return experiment.variants.flatMap((v) => {
    if (v.path) return [];
    const l2 = experiment.penaltyConvention === 'tf1' ? v.l2 * 2 : v.l2;
    const lambda = v.l1 > 0 ? v.l1 : l2 > 0 ? l2 : undefined;
    return lambda === undefined ? [] : [{ name: v.name, lambda }];
  });
}

/** λ at a slider position, 0 at the file's λ. */
export function lambdaAt(center: number, position: number): number {
  return +(center * 10 ** (position / STEPS_PER_DECADE)).toPrecision(4);
}

export class LambdaSliders {
  private signature = '';
  private timers = new Map<string, number>();

  constructor(
    private readonly container: HTMLElement,
    private readonly post: (message: PanelToHost) => void,
  ) {}

  update(context: ViewContext): void {
    const experiment = context.state.experiment ?? context.state.results?.experiment;
    const variants = experiment ? sliderVariants(experiment) : [];
    const signature = variants.map((v) => v.name).join('\u0000');
    if (signature === this.signature) return;
    this.signature = signature;
    replaceChildren(this.container, ...(variants.length ? variants.map((v) => this.row(v.name, v.lambda)) : [el('p', { class: 'rx-empty' }, 'No variant with l1 or l2 to move.')]));
  }

  private row(name: string, center: number): HTMLElement {
    const value = el('span', { class: 'rx-slider-value' }, `λ ${center}`);
    const offer = el('span', { class: 'rx-slider-offer' });
    const slider = el('input', { type: 'range', min: -DECADES * STEPS_PER_DECADE, max: DECADES * STEPS_PER_DECADE, step: 1, value: 0, 'aria-label': `λ of ${name}, log scale` }) as HTMLInputElement;
    // Grabbing a slider starts the trainer of its steps while the hand still moves.
    const warmUp = () => this.post({ type: 'warmUp' });
    slider.addEventListener('pointerdown', warmUp);
    slider.addEventListener('keydown', warmUp);
    slider.addEventListener('input', () => {
      const lambda = lambdaAt(center, Number(slider.value));
      value.textContent = `λ ${lambda}`;
      replaceChildren(offer);
      window.clearTimeout(this.timers.get(name));
      this.timers.set(name, window.setTimeout(() => this.post({ type: 'tryLambda', variant: name, lambda }), SLIDER_DEBOUNCE_MS));
    });
    slider.addEventListener('change', () => {
      const lambda = lambdaAt(center, Number(slider.value));
      if (lambda === center) return replaceChildren(offer);
      const button = el('vscode-button', { icon: 'edit', secondary: true, title: `Set ${name}'s λ to ${lambda} in the experiment file (undoable)` }, `Write λ ${lambda} into the file`);
      button.addEventListener('click', () => {
        this.post({ type: 'setLambda', variant: name, lambda });
        replaceChildren(offer);
      });
      replaceChildren(offer, button);
    });
    return el('div', { class: 'rx-slider-row' }, el('span', { class: 'rx-variant-name' }, name), slider, value, offer);
  }
}
