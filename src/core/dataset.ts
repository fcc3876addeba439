// A data set as the engines and the analysis see it: row-major inputs and targets, split
// into train and test rows. runtime/data.ts draws or reads one from an experiment's `data`.
export interface Split {
  /** Row-major inputs, n rows × d columns. */
  x: Float32Array;
  y: Float32Array;
  n: number;
  /** 1 where the sample is an outlier the generator put there (line data only). */
  outlier: Uint8Array;
}

export interface Dataset {
  inputNames: string[];
  targetName: string;
  d: number;
  train: Split;
  test: Split;
  /** The coefficients that generated the data (line: [slope]; sparse-linear: all n), when known. */
  trueCoefficients?: number[];
  trueIntercept?: number;
  /** Classification: the class names, index = label; `y` then holds labels 0..k−1. Absent: regression. */
  classes?: string[];
  /** 2-D point sets: each row's point (x1, x2) before the features, row-major, so the panel can draw
   * the points on the plane whatever features the network sees. */
  points?: { train: Float32Array; test: Float32Array };
  /** For CSV data with standardize on: the statistics of the training rows. */
  standardization?: { inputMean: number[]; inputStd: number[]; targetMean: number; targetStd: number };
}
