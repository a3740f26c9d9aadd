// AES-256-CTR over the core's constant-time bitsliced AES. The 16-byte counter block is one
// 128-bit big-endian counter (NIST SP 800-38A), wrapping modulo 2^128. Long inputs are streamed:
// the core writes back the next counter block, so chunks continue the keystream exactly.

import { checkBytes } from '../bytes.js';
import { wasm } from './core.js';
import * as io from './io.js';

// A multiple of 16 so chunk boundaries fall on block boundaries.
const CHUNK = 64 * 1024;

export function aes256Ctr(key: Uint8Array, counterBlock: Uint8Array, data: Uint8Array): Uint8Array {
  checkBytes('key', key, 32);
  checkBytes('counterBlock', counterBlock, 16);
  checkBytes('data', data);
  const out = new Uint8Array(data.length);
  const chunk = Math.min(CHUNK, data.length);
  io.open(io.frameSize(32, 16, chunk));
  try {
    const k = io.put(key);
    const c = io.put(counterBlock);
    const buf = io.alloc(chunk);
    const x = wasm();
    for (let off = 0; off < data.length; off += CHUNK) {
      const part = data.subarray(off, Math.min(data.length, off + CHUNK));
      io.write(buf, part);
      x.aes256_ctr(k, c, buf, buf, part.length);
      io.readInto(buf, part.length, out, off);
    }
    return out;
  } finally {
    io.close();
  }
}
