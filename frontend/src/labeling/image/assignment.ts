/**
 * Optimal assignment (the Hungarian algorithm, Kuhn–Munkres with potentials, O(n²m)): the
 * browser's `scipy.optimize.linear_sum_assignment`, which the server's region matching uses.
 * Hand-written because it is ~40 lines and no small, kept npm package does only this.
 */

/**
 * Rows → columns maximising the total weight of a dense `weight[row][col]` matrix; every row
 * (or every column, whichever is fewer) is assigned. Returns `[row, col]` pairs sorted by row.
 */
export function maxWeightAssignment(weight: readonly (readonly number[])[]): [number, number][] {
  const rows = weight.length;
  const cols = rows > 0 ? weight[0].length : 0;
  if (rows === 0 || cols === 0) return [];
  // The algorithm below needs n <= m: transpose when there are more rows than columns.
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const cost = (i: number, j: number) => -(transpose ? weight[j][i] : weight[i][j]);
  // 1-based arrays as in the classic formulation; p[j] is the row assigned to column j.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(Infinity);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const pairs: [number, number][] = [];
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    pairs.push(transpose ? [j - 1, p[j] - 1] : [p[j] - 1, j - 1]);
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}
