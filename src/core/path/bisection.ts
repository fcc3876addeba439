// The λ at which a network's weights all die, found by bisection in log λ: a training that
// is short and cheap tells whether a λ kills every weight; above that edge they all die,
// below it some live. The edge is bracketed by doubling or halving from a start, then
// narrowed to a factor 2^(1/2^steps).

/** Epochs of the short trainings that tell whether a λ kills every weight. */
export const BISECTION_EPOCHS = 20;
/** Halvings of the bracket in log λ: λ_max to within a factor 2^(1/64), about 1%. */
export const BISECTION_STEPS = 6;

export interface BisectionOptions {
  /** The first λ tried. */
  start: number;
  /** Halvings of the bracket in log λ once it is found. */
  steps: number;
  /** Doublings (or halvings) tried to find the bracket before giving up. */
  maxDoublings: number;
}

/** The smallest λ found at which `dies` holds (within the final bracket), or undefined when no bracket was found. */
export async function smallestDyingLambda(dies: (lambda: number) => Promise<boolean>, options: BisectionOptions): Promise<number | undefined> {
  let low: number | undefined;
  let high: number | undefined;
  let lambda = options.start;
  const startDies = await dies(lambda);
  if (startDies) high = lambda;
  else low = lambda;
  for (let i = 0; i < options.maxDoublings && (low === undefined || high === undefined); i++) {
    lambda = startDies ? lambda / 2 : lambda * 2;
    if (await dies(lambda)) high = lambda;
    else low = lambda;
  }
  if (low === undefined || high === undefined) return startDies ? high : undefined;
  for (let i = 0; i < options.steps; i++) {
    const middle = Math.sqrt(low * high);
    if (await dies(middle)) high = middle;
    else low = middle;
  }
  return high;
}
