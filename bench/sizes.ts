// Code size of our release core next to libsodium-wrappers-sumo's wasm (which its package
// inlines as base64 in a JS file, so it is extracted from there).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

export interface Size { name: string; bytes: number; gzip: number }

const size = (name: string, bytes: Uint8Array): Size => ({ name, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });

export function wasmSizes(): Size[] {
  const out = [size('smmp core (build/smmp-core.wasm)', readFileSync(new URL('../../build/smmp-core.wasm', import.meta.url)))];
  try {
    const require = createRequire(import.meta.url);
    const js = readFileSync(require.resolve('libsodium-sumo'), 'utf8');
    // The largest base64 literal in the file is the wasm module (it decodes to '\0asm').
    let best = '';
    for (const m of js.matchAll(/"([A-Za-z0-9+/=]{10000,})"/g)) if (m[1]!.length > best.length) best = m[1]!;
    const wasm = Buffer.from(best, 'base64');
    if (wasm.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d]))) out.push(size('libsodium-wrappers-sumo wasm (inlined in its JS)', wasm));
  } catch {
    // libsodium-sumo's layout changed: report ours alone rather than fail the run.
  }
  return out;
}
