/** The confusion table's numbers: row totals and each cell's share of its row (for shading). */
import type { ConfusionMatrix } from "../api/types";

export function rowTotals(m: ConfusionMatrix): number[] {
  return m.matrix.map((row) => row.reduce((a, b) => a + b, 0));
}

/** A cell's share of its gold row in [0, 1] (0 for an empty row). */
export function cellShare(m: ConfusionMatrix, i: number, j: number): number {
  const total = rowTotals(m)[i];
  return total > 0 ? (m.matrix[i]?.[j] ?? 0) / total : 0;
}

/** Which cells to show: rows with answers, and every label as a column that any row used. */
export function visibleLabels(m: ConfusionMatrix): { rows: number[]; cols: number[] } {
  const totals = rowTotals(m);
  const rows = m.labels.map((_, i) => i).filter((i) => totals[i] > 0);
  const cols = m.labels
    .map((_, j) => j)
    .filter((j) => rows.some((i) => m.matrix[i][j] > 0) || rows.includes(j));
  return { rows, cols };
}
