// The results table the CLI prints, and the shrink plan with the buttons that apply it to
// the experiment file or train the smaller model. Both need the finished results.
import type { PanelToHost } from '../panel/protocol';
import { el, replaceChildren } from './dom';
import { num, percent } from './format';
import type { PanelState } from './state';
import { comparisonFamilies, comparisonHeaders, comparisonRows, summaryHeadersOf, summaryRow, variantPlan, WHOLE_ZERO_NOTE, type VariantPlan } from './table-rows';
import { pickedComparison } from './compare-pick';
import { judgedErrorName } from '../core/judged-error';
import { deadBeforeTraining, verificationOf } from '../core/results-table';

export class ResultsTable {
  private readonly tableBox: HTMLElement;
  private readonly planBox: HTMLElement;
  private readonly planHeading: HTMLElement;
  /** The two variants the user picked to compare, kept across updates. */
  private picked: [string, string] | undefined;

  constructor(
    container: HTMLElement,
    private readonly post: (message: PanelToHost) => void,
  ) {
    this.tableBox = el('div', { class: 'rx-table-box' });
    this.planBox = el('div', { class: 'rx-plan-box' });
    this.planHeading = el('h3', { class: 'rx-subheading' }, 'Shrink plan');
    replaceChildren(container, this.tableBox, this.planHeading, this.planBox);
  }

  update(state: PanelState): void {
    const results = state.results;
    this.planHeading.hidden = !results;
    if (!results) {
      const finished = state.variants.flatMap((v) => v.runs.filter((r) => r?.result)).length;
      const text =
        state.source === 'empty'
          ? 'No results yet: train the experiment to fill the table.'
          : `The table and the shrink plan appear when the training ends (${finished} of ${state.variants.length * state.runsPerVariant} runs finished).`;
      replaceChildren(this.tableBox, el('p', { class: 'rx-note' }, text));
      replaceChildren(this.planBox);
      return;
    }
    const head = el('tr', {}, ...summaryHeadersOf(results).map((h) => el('th', { scope: 'col' }, h)));
    const body = results.variants.map(({ summary }) => {
      const cells = summaryRow(summary);
      // Numbers: the runs' errors, mean ± sd, MAE, RMSE, R² (a classifier's log-loss and accuracy).
      return el('tr', {}, el('th', { scope: 'row' }, cells[0]), ...cells.slice(1).map((c, i) => el('td', { class: i >= 1 && i <= 5 ? 'rx-num' : '' }, c)));
    });
    const threshold = results.experiment.sparsity.threshold;
    const dead = deadBeforeTraining(results);
    const runs = results.variants.reduce((sum, v) => sum + v.runs.length, 0);
    replaceChildren(
      this.tableBox,
      el(
        'div',
        { class: 'rx-table-scroll', tabindex: 0, role: 'region', 'aria-label': 'Results table' },
        el(
          'table',
          { class: 'rx-table' },
          el('caption', {}, `${results.experiment.name}: ${runs} runs, ${results.experiment.training.epochs} epochs, ${results.engine} engine on ${results.backend}, ${results.seconds.toFixed(1)} s${results.cancelled ? ' (cancelled)' : ''}`),
          el('thead', {}, head),
          el('tbody', {}, ...body),
        ),
      ),
      el(
        'p',
        { class: 'rx-note' },
        `Test |error|: sum over the ${results.dataset.test.rows} test rows of |prediction − target|; MAE, RMSE and R² on the same rows, means over the runs` +
          (results.dataset.standardization ? `, in ${results.dataset.targetName}'s own units (predictions mapped back from the standardized target)` : '') +
          `. Zero weights: kernel weights with |w| ≤ ${threshold}; certified zeros pass the lasso's condition |∂L/∂w| ≤ l1. ` +
          'Live neurons: per hidden layer, over the runs; a neuron is off when the spread of its activation over the training rows × its outgoing weights is at most the threshold. Suggested: the largest live count over the runs, so no run loses a live neuron. ' +
          WHOLE_ZERO_NOTE +
          (dead ? ` Dead at start (already dead or constant on every training row at the initial weights, so no gradient revives them): ${dead}.` : ''),
      ),
      ...this.comparisons(results),
    );
    const plans = results.variants.map(({ summary }) => variantPlan(summary, results.dataset.d, verificationOf(results, summary.variant)));
    const training = state.status === 'training';
    const cards = plans.map((plan) => this.planCard(plan, training));
    if (plans.every((p) => p.layers.length === 0)) cards.unshift(el('p', { class: 'rx-muted' }, 'A linear model has no hidden layer to shrink.'));
    replaceChildren(this.planBox, ...cards);
  }

  /** The paired comparisons of results.json, and one of two variants the user picks. */
  private comparisons(results: NonNullable<PanelState['results']>): HTMLElement[] {
    const comparisons = results.comparisons ?? [];
    const names = results.variants.map((v) => v.variant.name);
    const parts: HTMLElement[] = [];
    const families = comparisonFamilies(comparisons, judgedErrorName(results.experiment.training.loss).short);
    if (families.length > 0) parts.push(el('h3', { class: 'rx-subheading' }, 'Paired comparisons'));
    for (const family of families) {
      const head = el('tr', {}, ...comparisonHeaders.map((h) => el('th', { scope: 'col' }, h)));
      const rows = comparisonRows(family.comparisons).map((cells) => el('tr', {}, el('th', { scope: 'row' }, cells[0]), ...cells.slice(1).map((c, i) => el('td', { class: i <= 2 ? 'rx-num' : '' }, c))));
      parts.push(
        el('p', { class: 'rx-note' }, `${family.title}.`),
        el(
          'div',
          { class: 'rx-table-scroll', tabindex: 0, role: 'region', 'aria-label': family.comparisons[0].named ? 'Paired comparisons the file names' : 'Paired comparisons' },
          el('table', { class: 'rx-table rx-comparisons' }, el('thead', {}, head), el('tbody', {}, ...rows)),
        ),
      );
    }
    if (families.length > 0) {
      parts.push(el('p', { class: 'rx-note' }, 'Mean difference, 95% interval, paired t-test. The runs for 80% power are an estimate that takes the observed difference and spread as true.'));
    }
    if (names.length < 2) return parts;
    const [first, second] = this.picked && this.picked.every((n) => names.includes(n)) ? this.picked : [names[0], names[1]];
    const select = (chosen: string, label: string) =>
      el('select', { class: 'rx-select', 'aria-label': label }, ...names.map((n) => el('option', { value: n, selected: n === chosen }, n)));
    const a = select(first, 'First variant');
    const b = select(second, 'Second variant');
    const out = el('p', { class: 'rx-note rx-picked', role: 'status' }, pickedComparison(results, first, second));
    const onChange = () => {
      this.picked = [a.value, b.value];
      out.textContent = pickedComparison(results, a.value, b.value);
    };
    a.addEventListener('change', onChange);
    b.addEventListener('change', onChange);
    parts.push(el('div', { class: 'rx-pick' }, 'Compare ', a, ' with ', b), out);
    return parts;
  }

  private planCard(plan: VariantPlan, training: boolean): HTMLElement {
    if (plan.layers.length === 0) return el('div', { class: 'rx-plan' });
    const rows = plan.layers.map((l) =>
      el('tr', {}, el('th', { scope: 'row' }, `hidden ${l.layer + 1}`), el('td', { class: 'rx-num' }, l.size), el('td', { class: 'rx-num' }, l.live), el('td', { class: 'rx-num' }, l.offAtStart), el('td', { class: `rx-num${l.suggested < l.size ? ' rx-shrinks' : ''}` }, l.suggested)),
    );
    const table = el(
      'table',
      { class: 'rx-table rx-plan-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Layer'), el('th', { scope: 'col' }, 'Size'), el('th', { scope: 'col' }, 'Live'), el('th', { scope: 'col', title: 'Of the neurons off: those already dead or constant at the initial weights (the others training switched off)' }, 'At start'), el('th', { scope: 'col' }, 'Suggested'))),
      el('tbody', {}, ...rows),
    );
    const share = plan.predictionChangeShare !== undefined ? ` (${percent(plan.predictionChangeShare)} of the mean absolute test error)` : '';
    const pruning = `Pruning check, not a retraining: the plan applied to each run's trained weights changes a test prediction by at most ${num(plan.predictionChange, 2)}${share}.`;
    const summary = plan.shrinks
      ? `[${plan.sizesBefore.join(', ')}] → [${plan.sizesAfter.join(', ')}], parameters ${plan.parametersBefore} → ${plan.parametersAfter}. ${plan.verification ? '' : pruning}`
      : plan.verification
        ? 'No smaller size passed the verification by training: it keeps its size.'
        : 'Every neuron is live in some run: nothing to shrink.';
    const verified = plan.verification
      ? el(
          'div',
          { class: 'rx-verified' },
          el('p', { class: plan.shrinks ? 'rx-good rx-verified-summary' : 'rx-muted rx-verified-summary' }, plan.verification.summary),
          el(
            'table',
            { class: 'rx-table rx-tried-table' },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Size tried'), el('th', { scope: 'col' }, 'On the validation rows'))),
            el('tbody', {}, ...plan.verification.tried.map((t) => el('tr', {}, el('th', { scope: 'row' }, t.sizes), el('td', {}, t.verdict)))),
          ),
          el('p', { class: 'rx-note' }, pruning),
        )
      : plan.shrinks
        ? el('p', { class: 'rx-note' }, 'Not verified by training yet: the suggested sizes come from the trained weights alone.')
        : null;
    const actions = plan.shrinks
      ? el(
          'div',
          { class: 'rx-actions' },
          this.button('Apply shrink plan', 'wand', `Set model.layers to [${plan.sizesAfter.join(', ')}] in the experiment file (${plan.variant}'s plan; undoable)`, training, () =>
            this.post({ type: 'applyShrinkPlan', variant: plan.variant }),
          ),
          this.button('Train the shrunk model', 'play', `Train the experiment with hidden sizes [${plan.sizesAfter.join(', ')}]`, training, () => this.post({ type: 'rerunShrunk', variant: plan.variant }), true),
          ...(plan.verification
            ? []
            : [this.button('Verify by retraining', 'beaker', 'Train the suggested sizes again with the same seeds and compare them run by run with the original (the cost is shown first)', training, () => this.post({ type: 'verifyShrink' }), true)]),
        )
      : null;
    return el(
      'div',
      { class: 'rx-plan' },
      el('h4', {}, el('span', { class: 'rx-variant-name' }, plan.variant), ' ', el('span', { class: plan.shrinks ? 'rx-good' : 'rx-muted' }, plan.shrinks ? 'can shrink' : 'keeps its size')),
      table,
      el('p', { class: 'rx-note' }, summary),
      verified,
      actions,
    );
  }

  private button(label: string, icon: string, title: string, disabled: boolean, onClick: () => void, secondary = false): HTMLElement {
    const button = el('vscode-button', { icon, title, disabled, secondary }, label);
    button.addEventListener('click', () => {
      if (!button.hasAttribute('disabled')) onClick();
    });
    return button;
  }
}
