// The WebAssembly SIMD kernels (kernels/simd.ts) against plain loops in float32 (the same
// sums in the same order, so the same numbers to the last bit) and against the activation
// table of src/core/activations.ts. The engine built on them is
// checked against TensorFlow.js in fast-engine.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { instantiateKernels, simdSupport } from '../../src/runtime/simd-kernels';
import { Random } from '../../src/core/random';
import { activations } from '../../src/core/activations';

const fround = Math.fround;

describe('the SIMD kernels', () => {
  test('are built and load here (npm run build compiles kernels/simd.ts into dist/kernels.wasm)', () => {
    assert.deepEqual(simdSupport(), { available: true });
  });

  /** c += a·b entry by entry in float32, products added in increasing p, with multiplyAdd's strides (rows of b contiguous). */
  function naive(c: Float32Array, m: number, n: number, depth: number, a: Float32Array, aRow: number, aCol: number, b: Float32Array, bRow: number) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = c[i * n + j];
        for (let p = 0; p < depth; p++) sum = fround(sum + fround(a[i * aRow + p * aCol] * b[p * bRow + j]));
        c[i * n + j] = sum;
      }
    }
  }

  test('multiplyAdd gives exactly the float32 sums of a plain triple loop, for X·W and Xᵀ·δ, in whole 4 × 8 tiles, four-column edges and single entries', () => {
    const random = new Random(5);
    const kernels = instantiateKernels(1 << 20)!;
    const memory = new Float32Array(kernels.memory.buffer);
    for (const [m, n, depth] of [[1, 1, 1], [4, 8, 3], [7, 9, 67], [32, 5, 130], [3, 1, 64], [8, 17, 2], [33, 12, 16]]) {
      const a = Float32Array.from({ length: m * depth }, () => random.normal());
      const b = Float32Array.from({ length: depth * n }, () => random.normal());
      // a as given (row-major, X·W), and read transposed (aRow = 1, as for Xᵀ·δ).
      for (const [aRow, aCol] of [[depth, 1], [1, m]]) {
        const start = Float32Array.from({ length: m * n }, () => random.normal());
        const expected = start.slice();
        naive(expected, m, n, depth, a, aRow, aCol, b, n);
        const [cAt, aAt, bAt] = [16, 16 + m * n + 3, 16 + m * n + 3 + m * depth + 1]; // unaligned on purpose
        memory.set(start, cAt);
        memory.set(a, aAt);
        memory.set(b, bAt);
        kernels.multiplyAdd(cAt * 4, aAt * 4, bAt * 4, m, n, depth, aRow, aCol, n);
        assert.deepEqual(memory.slice(cAt, cAt + m * n), expected, `${m} × ${depth} · ${depth} × ${n}, a strides ${aRow}, ${aCol}`);
      }
    }
  });

  test("relu and reluBackward compute activations.ts' relu and its derivative, over whole vectors and the ragged end", () => {
    const kernels = instantiateKernels(65536)!;
    const memory = new Float32Array(kernels.memory.buffer);
    const z = Float32Array.from([-2, -0, 0, 1e-30, 3, -1e-30, 0.5, -7, 2, 1, -1]); // 11 values: two vectors and 3 more
    const deltas = Float32Array.from(z, (_, i) => (i % 2 ? -1 : 1) * (i + 1) * 0.25);
    const [zAt, outsAt, deltasAt] = [8, 32, 64];
    memory.set(z, zAt);
    kernels.relu(zAt * 4, z.length);
    const outs = memory.slice(zAt, zAt + z.length);
    assert.deepEqual([...outs], [...z].map((v) => fround(activations.relu.output(v))));
    memory.set(outs, outsAt);
    memory.set(deltas, deltasAt);
    kernels.reluBackward(deltasAt * 4, outsAt * 4, z.length);
    // == rather than Object.is: the kernel gives +0 where δ · 0 is -0 for a negative δ; no sum tells them apart.
    [...memory.slice(deltasAt, deltasAt + z.length)].forEach((value, i) => {
      assert.ok(value === fround(deltas[i] * activations.relu.derivative(outs[i])), `δ ${deltas[i]} at output ${outs[i]}: ${value}`);
    });
  });

  test('transpose turns a rows × cols matrix into cols × rows', () => {
    const kernels = instantiateKernels(65536)!;
    const memory = new Float32Array(kernels.memory.buffer);
    const [rows, cols] = [3, 5];
    memory.set(Float32Array.from({ length: rows * cols }, (_, i) => i), 4);
    kernels.transpose(100 * 4, 4 * 4, rows, cols);
    const expected = Float32Array.from({ length: rows * cols }, (_, i) => (i % rows) * cols + Math.floor(i / rows));
    assert.deepEqual(memory.slice(100, 100 + rows * cols), expected);
  });
});
