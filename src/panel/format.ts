// Numbers as the panel prints them.
import type { DatasetSummary } from '../core/results';

/** Up to `digits` significant digits, no trailing zeros; exponent form for very small or large values. */
export function num(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a < 1e-3 || a >= 1e6) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}

export function fixed(value: number | undefined, decimals = 2): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(decimals);
}

export function percent(share: number | undefined, decimals = 1): string {
  return share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(decimals)}%`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** When results keep a sample of the rows, how many of them a chart of these splits shows: "; 2,000 of 150,000 points shown". */
export function pointsShown(dataset: Pick<DatasetSummary, 'train' | 'test'>, splits: 'train and test' | 'test'): string {
  const shown = splits === 'test' ? [dataset.test] : [dataset.train, dataset.test];
  if (!shown.some((s) => s.sampled)) return '';
  const count = (key: 'n' | 'rows') => shown.reduce((sum, s) => sum + s[key], 0).toLocaleString('en-US');
  return `; ${count('n')} of ${count('rows')} points shown`;
}
