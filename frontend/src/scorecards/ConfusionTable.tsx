/** One control's confusion against gold: rows are what gold said, columns what the annotator
 * answered; the diagonal is right, the darker an off-diagonal cell the more often confused. */
import type { CSSProperties } from "react";
import type { ConfusionMatrix } from "../api/types";
import { Text } from "../render";
import { fmt } from "../quality/format";
import { cellShare, rowTotals, visibleLabels } from "./confusion";

export function ConfusionTable({ matrix }: { matrix: ConfusionMatrix }) {
  const { rows, cols } = visibleLabels(matrix);
  const totals = rowTotals(matrix);
  if (rows.length === 0) return null;
  return (
    <figure className="confusion">
      <figcaption>
        <Text value={matrix.control} /> — accuracy {fmt(matrix.accuracy)} (n={matrix.n})
      </figcaption>
      <table className="table confusion-table" data-testid={`confusion-${matrix.control}`}>
        <thead>
          <tr>
            <th>gold ↓ / answer →</th>
            {cols.map((j) => (
              <th key={j} className="num">
                <Text value={matrix.labels[j]} />
              </th>
            ))}
            <th className="num">total</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={i}>
              <th>
                <Text value={matrix.labels[i]} />
              </th>
              {cols.map((j) => {
                const share = cellShare(matrix, i, j);
                const kind = i === j ? "right" : matrix.matrix[i][j] > 0 ? "wrong" : "";
                return (
                  <td
                    key={j}
                    className={`num cell ${kind}`}
                    style={{ "--share": share.toFixed(2) } as CSSProperties}
                  >
                    {matrix.matrix[i][j] || ""}
                  </td>
                );
              })}
              <td className="num">{totals[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
