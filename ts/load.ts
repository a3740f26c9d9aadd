// What the bindings share about loading the core: the accepted inputs, fetching a URL with a
// typed error, and decoding inlined bytes. Every binding exposes
//
//   init(source?: InitInput): Promise<void>
//   initSync(source?: InitSyncInput): void
//
// and differs only in where the module comes from when `source` is omitted.

import { InvalidArgumentError, WasmUnavailableError } from './errors.js';

// A URL (or a string URL) of the .wasm, a fetch Response (or a promise of one), the module's
// bytes, or a compiled WebAssembly.Module.
export type InitInput = URL | string | Response | PromiseLike<Response> | BufferSource | WebAssembly.Module;

// What can be loaded synchronously: the bytes or a compiled module.
export type InitSyncInput = BufferSource | WebAssembly.Module;

export function isUrlInput(source: unknown): source is URL | string {
  return typeof source === 'string' || (typeof URL === 'function' && source instanceof URL);
}

// fetch() with the failures a page meets (offline, CORS, a CSP connect-src refusal, no fetch at
// all) turned into WasmUnavailableError naming the URL. HTTP errors are reported by the loader.
export async function fetchCore(url: URL | string): Promise<Response> {
  if (typeof fetch !== 'function') {
    throw new WasmUnavailableError(`this runtime has no fetch() to load ${String(url)}: pass the module's bytes or a WebAssembly.Module to init(), or use the inline entry (smmp/inline)`);
  }
  try {
    return await fetch(url);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new WasmUnavailableError(`fetching the core from ${String(url)} failed: ${msg} (check the URL, CORS, and the page's Content-Security-Policy connect-src)`);
  }
}

// The error for initSync() where the binding has no synchronous way to get the bytes.
export function syncSourceRequired(where: string): InvalidArgumentError {
  return new InvalidArgumentError('source', `${where} cannot load the core synchronously: pass the module's bytes or a WebAssembly.Module, await init(), or use the inline entry (smmp/inline)`);
}

// The module URL a binding resolves its default against. Bundlers that emit CommonJS or drop
// import.meta leave it undefined; say so instead of failing inside new URL().
export function moduleRelativeUrl(path: string, base: string | undefined): URL {
  if (typeof base !== 'string' || base === '') {
    throw new WasmUnavailableError(`cannot locate ${path}: import.meta.url is not available here; pass the .wasm URL or bytes to init(), or use the inline entry (smmp/inline)`);
  }
  return new URL(path, base);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Standard base64 with padding, as the build writes it. Plain JS so it needs no atob/Buffer and
// works in every runtime.
export function decodeBase64(text: string): Uint8Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) table[B64.charCodeAt(i)] = i;
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    const v = c < 128 ? table[c]! : -1;
    if (v < 0) throw new InvalidArgumentError('base64', `unexpected character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
