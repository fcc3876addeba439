// What a path variant leaves in the results: per λ the validation error of k-fold
// cross-validation with its standard error, the test error, and what the penalty did to the
// model; λ_min and λ_1se with the test error of the models refit at them; for a linear model
// with mse, the exact coefficients per λ.
import type { L1Method } from '../experiment';
import type { ErrorSummary } from './cross-validation';

export interface PathPoint {
  lambda: number;
  /** The strengths λ stands for, in tf.js' convention (l2·Σw²). */
  l1: number;
  l2: number;
  /** Over the folds (× runs for a trained path). */
  validation: ErrorSummary;
  /** Exact: of the fit on the whole training split. Trained: the mean over the cross-validation models. */
  testError: number;
  /** Kernel weights not zero (|w| > sparsity.threshold; exact: w !== 0), mean over the models. */
  nonZero: number;
  /** Share of kernel weights at zero, mean over the models. */
  zeroShare: number;
  /** √Σw² over the kernels, mean over the models. */
  weightNorm: number;
  /** Networks: live neurons per hidden layer, mean over the models. */
  liveNeurons?: number[];
  /** Exact: the objective at the optimum on the whole training split (mse + penalty, tf.js' convention). */
  objective?: number;
  /** Exact: the inputs with a non-zero coefficient in the fit on the whole training split. */
  nonZeroInputs?: string[];
}

/** λ_min or λ_1se and the test error of the models refit at it on the whole training split. */
export interface PathChoice {
  index: number;
  lambda: number;
  validation: ErrorSummary;
  /** Mean and sample sd over the refit runs (sd 0 for the one exact fit). */
  test: { mean: number; sd: number; runs: number };
}

export interface SgdBeside {
  l1Method: L1Method;
  /** λ-major (points × inputs), as `coefficients`. */
  coefficients: Float32Array;
  /** Per λ: the objective (mse + penalty, on the training split) at SGD's weights minus at the exact optimum; NaN where SGD diverged. */
  objectiveGap: number[];
}

export interface PathResult {
  variant: string;
  /** `exact`: coordinate descent (linear model, mse). `trained`: the engines, as the file trains. */
  method: 'exact' | 'trained';
  l1Ratio: number;
  /** Where the top of the grid came from. */
  top: { lambda: number; from: 'exact' | 'bisection' | 'range' | 'values' };
  folds: number;
  /** Initializations per fold (the file's runs; 1 for the exact path). */
  runs: number;
  /** The error at every λ: the file's loss, mean over rows, in the units the model trains on. */
  measure: string;
  /** Whether λ applies to standardized inputs (CSV data with standardize). */
  standardized: boolean;
  points: PathPoint[];
  lambdaMin: PathChoice;
  lambda1se: PathChoice;
  /** Exact: coefficients of the fit on the whole training split, λ-major (points × inputs), and the intercepts. */
  coefficients?: Float32Array;
  intercepts?: Float32Array;
  /** Exact path: what SGD (the file's training, the variant's l1Method, run 1) reaches at each
   * λ on the whole training split, beside the optimum. */
  sgd?: SgdBeside;
  /** Trainings (or coordinate-descent fits) and the seconds it all took. */
  fits: number;
  seconds: number;
}
