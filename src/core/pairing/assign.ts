/**
 * Minimum-cost assignment (Hungarian algorithm, O(rows² · cols)) for pairing: every row (a
 * preflight) gets one column (a request) or none. `cost` is row-major, rows × cols. Leaving a row unassigned costs `skip`; a cost of
 * `Infinity` forbids a pair. With `skip` above any sum of real costs, the result has as many pairs
 * as the compatibility allows, and among those the cheapest.
 */
export function assign(rows: number, cols: number, cost: Float64Array, skip: number): Array<number | undefined> {
  const result: Array<number | undefined> = new Array(rows).fill(undefined);
  if (rows === 0 || cols === 0) return result;
  // Each row gets a private "unassigned" column of its own, so a full assignment always exists.
  const width = cols + rows;
  // 1-based potentials and matching, as in the classic formulation.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(width + 1);
  const rowOf = new Int32Array(width + 1);
  const way = new Int32Array(width + 1);
  const minv = new Float64Array(width + 1);
  const used = new Uint8Array(width + 1);
  for (let i = 1; i <= rows; i++) {
    rowOf[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= width; j++) {
        if (used[j]) continue;
        // cost[row][col] for a request column; the row's own "unassigned" column costs `skip`.
        const c = j <= cols ? cost[(i0 - 1) * cols + j - 1]! : j - cols === i0 ? skip : Infinity;
        const cur = c - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= width; j++) {
        if (used[j]) {
          const row = rowOf[j]!;
          u[row] = u[row]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOf[j0] = rowOf[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  for (let j = 1; j <= cols; j++) if (rowOf[j] !== 0) result[rowOf[j]! - 1] = j - 1;
  return result;
}
