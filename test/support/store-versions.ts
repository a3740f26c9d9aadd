// Self-describing state versions for the crash tests: version n is u32 n followed by a filler
// whose length and bytes follow from n, so a reader can tell a complete version from anything
// else (a mix of two versions, a torn write) without knowing which version to expect.

const length = (n: number): number => 4 + ((n * 7919) % 50_000);

export function versionState(n: number): Uint8Array {
  const out = new Uint8Array(length(n));
  new DataView(out.buffer).setUint32(0, n);
  for (let i = 4; i < out.length; i++) out[i] = (n + i * 31) & 255;
  return out;
}

// The version a state is, or throws if it is not exactly some complete version.
export function versionOf(state: Uint8Array): number {
  if (state.length < 4) throw new Error(`state of ${state.length} bytes is no version`);
  const n = new DataView(state.buffer, state.byteOffset).getUint32(0);
  const expected = versionState(n);
  if (state.length !== expected.length || !state.every((b, i) => b === expected[i])) throw new Error(`state claiming version ${n} is not that version`);
  return n;
}
