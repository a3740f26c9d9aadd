// Code size: the release core next to libsodium-wrappers-sumo's wasm (which its package inlines
// as base64 in a JS file, so it is extracted from there), and what a page ships: each entry
// bundled by esbuild for the browser (ESM, minified, tree-shaken), then gzipped (level 9).
// Streaming entry: the bundle plus the .wasm it fetches; inline entry: the bundle alone.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

export interface Size {
  name: string;
  bytes: number;
  gzip: number;
  parts?: Size[]; // when it is several files
}

export interface SizeReport {
  esbuild: string;
  wasm: Size[]; // the modules alone
  bundles: Size[]; // what a page downloads, every part added up
}

const gz = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).length;
const size = (name: string, bytes: Uint8Array): Size => ({ name, bytes: bytes.length, gzip: gz(bytes) });
const sum = (name: string, parts: Size[]): Size => ({ name, bytes: parts.reduce((s, p) => s + p.bytes, 0), gzip: parts.reduce((s, p) => s + p.gzip, 0), parts });

const dist = new URL('../', import.meta.url); // dist/ (this file runs from dist/bench/)
const require = createRequire(import.meta.url);

function libsodiumWasm(): Uint8Array | undefined {
  const js = readFileSync(require.resolve('libsodium-sumo'), 'utf8');
  // The largest base64 literal in the file is the wasm module (it decodes to '\0asm').
  let best = '';
  for (const m of js.matchAll(/"([A-Za-z0-9+/=]{10000,})"/g)) if (m[1]!.length > best.length) best = m[1]!;
  const wasm = Buffer.from(best, 'base64');
  return wasm.subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])) ? wasm : undefined;
}

async function bundle(contents: string): Promise<Uint8Array> {
  const out = await build({
    stdin: { contents, resolveDir: fileURLToPath(dist), sourcefile: 'entry.js', loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.contents;
}

export async function sizeReport(): Promise<SizeReport> {
  const core = size('smmp core (release .wasm)', readFileSync(new URL('bindings/browser/smmp-core.wasm', dist)));
  const sodiumWasm = libsodiumWasm();
  const wasm = [core, ...(sodiumWasm ? [size('libsodium-wrappers-sumo wasm (inlined in its JS)', sodiumWasm)] : [])];

  const browser = fileURLToPath(new URL('bindings/browser/index.js', dist));
  const inline = fileURLToPath(new URL('bindings/browser/inline.js', dist));
  const streaming = size('JS', await bundle(`export * from ${JSON.stringify(browser)};`));
  const cryptoOnly = size('JS', await bundle(`export { init, crypto } from ${JSON.stringify(browser)};`));
  const wasmPart = { ...core, name: '.wasm' };
  const bundles = [
    sum('smmp, browser entry (whole API)', [streaming, wasmPart]),
    sum('smmp, browser entry (init and crypto only)', [cryptoOnly, wasmPart]),
    size('smmp/inline (whole API, core inlined)', await bundle(`export * from ${JSON.stringify(inline)};`)),
    size('libsodium-wrappers-sumo (wasm inlined)', await bundle(`export { default } from 'libsodium-wrappers-sumo';`)),
    size(
      '@noble/* (the same primitives: X25519, Ed25519, ristretto255, SHA-2, HMAC, AES-CTR)',
      await bundle(
        [
          `export { ed25519, x25519, ristretto255 } from '@noble/curves/ed25519.js';`,
          `export { sha256, sha512 } from '@noble/hashes/sha2.js';`,
          `export { hmac } from '@noble/hashes/hmac.js';`,
          `export { ctr } from '@noble/ciphers/aes.js';`,
        ].join('\n'),
      ),
    ),
  ];
  return { esbuild: esbuildVersion, wasm, bundles };
}
