// What the decision boundary view shows, decided without the DOM (unit-tested): which
// view the data call for, and which hidden neurons' thumbnails are drawn flat and marked.
import type { DeadNeuronReport } from '../core/analysis/neurons';
import { planeFeatures } from '../core/decision-plane';
import type { DatasetSummary } from '../core/results';
import { deadReasonText } from './analysis-view';

export type BoundaryMode = 'plane' | 'confusion';

/** What the view shows for these data: the plane for 2-D point sets, confusion matrices for other classification data, nothing for regression. */
export function boundaryMode(dataset: DatasetSummary | undefined): BoundaryMode | undefined {
  if (!dataset?.classes) return undefined;
  return dataset.points && planeFeatures(dataset.inputNames) ? 'plane' : 'confusion';
}

/** The marks of a hidden layer's thumbnails: per neuron, whether it is drawn flat, and why. */
export interface NeuronMark {
  flat: boolean;
  /** Dead or constant already at the initial weights (a ring), rather than switched off by training (a cross). */
  atStart: boolean;
  why?: string;
}

/** Which neurons of each hidden layer are drawn flat: those the dead-neuron report finds off. */
export function neuronMarks(report: DeadNeuronReport): NeuronMark[][] {
  return report.layers.map((layer) =>
    layer.neurons.map((state, j) => {
      if (state.alive) return { flat: false, atStart: false };
      const why = deadReasonText(state);
      return { flat: true, atStart: layer.deadAtStart?.[j] === true, ...(why ? { why } : {}) };
    }),
  );
}
