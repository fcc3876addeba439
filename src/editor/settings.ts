// The limits a training is checked against in the editor, from the settings.
import * as vscode from 'vscode';
import type { CheckLimits } from '../runtime/check-experiment';
import { DEFAULT_MAX_CSV_MIB, DEFAULT_MEMORY_BUDGET_MIB } from '../core/limits';

export function checkLimits(file: vscode.Uri): CheckLimits {
  const settings = vscode.workspace.getConfiguration('regx', file);
  const positive = (value: number | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    memoryBudgetMiB: positive(settings.get<number>('memoryBudgetMiB'), DEFAULT_MEMORY_BUDGET_MIB),
    maxCsvMiB: positive(settings.get<number>('maxCsvMiB'), DEFAULT_MAX_CSV_MIB),
  };
}
