/** The largest value, or 0 when none is positive (the blend's max-normalisation). */
export const maxOf = (v: Float32Array) => v.reduce((m, x) => (x > m ? x : m), 0);

/** Solves A·x = b by Gauss-Jordan elimination with partial pivoting (small dense systems). */
export function solveLinearSystem(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let r = i + 1; r < n; r++) if (Math.abs(M[r][i]) > Math.abs(M[p][i])) p = r;
    [M[i], M[p]] = [M[p], M[i]];
    for (let r = 0; r < n; r++) if (r !== i) { const f = M[r][i] / M[i][i]; for (let c = i; c <= n; c++) M[r][c] -= f * M[i][c]; }
  }
  return M.map((r, i) => r[n] / M[i][i]);
}
