// Code size of our release core next to libsodium-wrappers-sumo's wasm (which its package
// inlines as base64 in a JS file, so it is extracted from there).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Size { name: string; bytes: number; gzip: number }

const size = (name: string, bytes: Uint8Array): Size => ({ name, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });

export function wasmSizes(): Size[] {
  const out = [size('smmp core (build/smmp-core.wasm)', readFileSync(new URL('../../build/smmp-core.wasm', import.meta.url)))];
  try {
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('libsodium-sumo/package.json'));
    const js = readFileSync(join(dir, 'dist/modules-sumo/libsodium-sumo.js'), 'utf8');
    // The largest base64 literal in the file is the wasm module.
    let best = '';
    for (const m of js.matchAll(/"([A-Za-z0-9+/=]{10000,})"/g)) if (m[1]!.length > best.length) best = m[1]!;
    if (best) out.push(size('libsodium-wrappers-sumo wasm', Buffer.from(best, 'base64')));
  } catch {
    // libsodium-sumo's layout changed: report ours alone rather than fail the run.
  }
  return out;
}
