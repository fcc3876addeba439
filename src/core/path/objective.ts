// The objective a linear path minimizes, in tf.js' convention: the mean squared error over
// the rows plus l1·Σ|w| + l2·Σw² (the intercept in the sums too with penalized biases). How
// far an SGD-trained model is above the exact optimum at the same λ is measured in it.
import type { Strengths } from './coordinate-descent';
import type { LinearProblem } from './lambda-max';

export function linearObjective(problem: LinearProblem, weights: ArrayLike<number>, intercept: number, strengths: Strengths, regularizeBiases: boolean): number {
  const { x, y, n, d } = problem;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    let prediction = intercept;
    for (let j = 0; j < d; j++) prediction += x[i * d + j] * weights[j];
    squares += (prediction - y[i]) ** 2;
  }
  let abs = regularizeBiases ? Math.abs(intercept) : 0;
  let sum = regularizeBiases ? intercept * intercept : 0;
  for (let j = 0; j < d; j++) {
    abs += Math.abs(weights[j]);
    sum += weights[j] * weights[j];
  }
  return squares / n + strengths.l1 * abs + strengths.l2 * sum;
}
