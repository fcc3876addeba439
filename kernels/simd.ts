// The fast engine's kernels for batches, in WebAssembly SIMD (four float32 lanes): the
// matrix products and the ReLU passes. AssemblyScript, built by esbuild.mjs into
// dist/kernels.wasm; src/runtime/simd-kernels.ts loads it and src/runtime/simd-batch.ts calls
// it. Pointers are byte offsets into the module's memory; strides and counts are in float32
// elements.
//
// Every entry of c adds its products one by one in increasing p, starting from the value c
// holds, whether it sits in a 4 × 8 register tile or at the ragged edge: the numbers do not
// depend on the shape of the tiles, nor on how rows of c are shared out between threads.

/**
 * c += a · b, where c is m × n (row-major, contiguous), a[i, p] is at
 * a + 4·(i·aRow + p·aCol) and b[p, j] at b + 4·(p·bRow + j) (rows of b contiguous).
 * X·W, Xᵀ·δ (aRow = 1) and δ·Wᵀ (with Wᵀ from transpose()) are all this one product.
 */
export function multiplyAdd(c: usize, a: usize, b: usize, m: i32, n: i32, depth: i32, aRow: i32, aCol: i32, bRow: i32): void {
  const aRowBytes = <usize>aRow << 2;
  const aColBytes = <usize>aCol << 2;
  const bRowBytes = <usize>bRow << 2;
  const cRowBytes = <usize>n << 2;
  const mTiled = m & ~3;
  const nTiled = n & ~7;
  let i = 0;
  for (; i < mTiled; i += 4) {
    let j = 0;
    for (; j < nTiled; j += 8) {
      const c0 = c + ((<usize>i * n + j) << 2);
      const c1 = c0 + cRowBytes;
      const c2 = c1 + cRowBytes;
      const c3 = c2 + cRowBytes;
      let s00 = v128.load(c0), s01 = v128.load(c0, 16);
      let s10 = v128.load(c1), s11 = v128.load(c1, 16);
      let s20 = v128.load(c2), s21 = v128.load(c2, 16);
      let s30 = v128.load(c3), s31 = v128.load(c3, 16);
      let ap = a + <usize>i * aRowBytes;
      let bp = b + (<usize>j << 2);
      for (let p = 0; p < depth; p++) {
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const a0 = f32x4.splat(load<f32>(ap));
        const a1 = f32x4.splat(load<f32>(ap + aRowBytes));
        const a2 = f32x4.splat(load<f32>(ap + 2 * aRowBytes));
        const a3 = f32x4.splat(load<f32>(ap + 3 * aRowBytes));
        s00 = f32x4.add(s00, f32x4.mul(a0, b0)); s01 = f32x4.add(s01, f32x4.mul(a0, b1));
        s10 = f32x4.add(s10, f32x4.mul(a1, b0)); s11 = f32x4.add(s11, f32x4.mul(a1, b1));
        s20 = f32x4.add(s20, f32x4.mul(a2, b0)); s21 = f32x4.add(s21, f32x4.mul(a2, b1));
        s30 = f32x4.add(s30, f32x4.mul(a3, b0)); s31 = f32x4.add(s31, f32x4.mul(a3, b1));
        ap += aColBytes;
        bp += bRowBytes;
      }
      v128.store(c0, s00); v128.store(c0, s01, 16);
      v128.store(c1, s10); v128.store(c1, s11, 16);
      v128.store(c2, s20); v128.store(c2, s21, 16);
      v128.store(c3, s30); v128.store(c3, s31, 16);
    }
    for (let row = i; row < i + 4; row++) edgeRow(c, a, b, row, j, n, depth, aRowBytes, aColBytes, bRowBytes);
  }
  for (; i < m; i++) edgeRow(c, a, b, i, 0, n, depth, aRowBytes, aColBytes, bRowBytes);
}

/** Entries (row, from..n) of c: four columns at a time while they last, then one by one. */
function edgeRow(c: usize, a: usize, b: usize, row: i32, from: i32, n: i32, depth: i32, aRowBytes: usize, aColBytes: usize, bRowBytes: usize): void {
  const aStart = a + <usize>row * aRowBytes;
  const cRow = c + ((<usize>row * n) << 2);
  let j = from;
  for (; j + 4 <= n; j += 4) {
    const cp = cRow + (<usize>j << 2);
    let s = v128.load(cp);
    let ap = aStart;
    let bp = b + (<usize>j << 2);
    for (let p = 0; p < depth; p++) {
      s = f32x4.add(s, f32x4.mul(f32x4.splat(load<f32>(ap)), v128.load(bp)));
      ap += aColBytes;
      bp += bRowBytes;
    }
    v128.store(cp, s);
  }
  for (; j < n; j++) {
    const cp = cRow + (<usize>j << 2);
    let s = load<f32>(cp);
    let ap = aStart;
    let bp = b + (<usize>j << 2);
    for (let p = 0; p < depth; p++) {
      s += load<f32>(ap) * load<f32>(bp);
      ap += aColBytes;
      bp += bRowBytes;
    }
    store<f32>(cp, s);
  }
}

/** to (cols × rows) = from (rows × cols)ᵀ, both row-major. */
export function transpose(to: usize, from: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const fromRow = from + ((<usize>r * cols) << 2);
    for (let k = 0; k < cols; k++) store<f32>(to + ((<usize>k * rows + r) << 2), load<f32>(fromRow + (<usize>k << 2)));
  }
}

/** relu in place over `count` values: z > 0 ? z : 0 (as pointwise.ts; NaN becomes 0 there too). */
export function relu(at: usize, count: i32): void {
  const zero = f32x4.splat(0);
  const end = at + (<usize>count << 2);
  let p = at;
  for (; p + 16 <= end; p += 16) {
    const z = v128.load(p);
    v128.store(p, v128.bitselect(z, zero, f32x4.gt(z, zero)));
  }
  for (; p < end; p += 4) {
    const z = load<f32>(p);
    store<f32>(p, z > 0 ? z : 0);
  }
}

/** dLoss/dz of a ReLU layer in place: δ where its output is > 0, else 0 (relu'(z) = [z > 0]). */
export function reluBackward(deltas: usize, outs: usize, count: i32): void {
  const zero = f32x4.splat(0);
  const end = <usize>count << 2;
  let i: usize = 0;
  for (; i + 16 <= end; i += 16) {
    v128.store(deltas + i, v128.and(v128.load(deltas + i), f32x4.gt(v128.load(outs + i), zero)));
  }
  for (; i < end; i += 4) {
    if (!(load<f32>(outs + i) > 0)) store<f32>(deltas + i, 0);
  }
}
