// Node entry point: the core is read from the package with fs, so it loads with no network,
// no bundler and no MIME types.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { initCore, initCoreSync } from '../../ts/crypto/core.js';
import { fetchCore, isUrlInput, type InitInput, type InitSyncInput } from '../../ts/load.js';

export * from '../../ts/index.js';

// The package's one copy of the core sits next to the browser entry (where a browser finds it
// by default); dist/bindings/node/index.js -> dist/bindings/browser/smmp-core.wasm.
const WASM_URL = new URL('../browser/smmp-core.wasm', import.meta.url);

// A string with a scheme is a URL; any other string is a file path.
function read(source: URL | string): Promise<Uint8Array> | Promise<Response> {
  const url = typeof source === 'string' && !/^[a-z][a-z0-9+.-]+:/i.test(source) ? undefined : new URL(source);
  if (url === undefined) return readFile(source as string);
  return url.protocol === 'file:' ? readFile(fileURLToPath(url)) : fetchCore(url);
}

// Loads the core. Idempotent; concurrent calls share one load. `source` overrides where it comes
// from: a file path or file: URL, an http(s) URL, a Response, bytes or a compiled module.
export function init(source?: InitInput): Promise<void> {
  return initCore(() => (source === undefined ? readFile(WASM_URL) : isUrlInput(source) ? read(source) : source));
}

// The same, synchronously (Node compiles synchronously without limits).
export function initSync(source?: InitSyncInput): void {
  initCoreSync(source ?? readFileSync(WASM_URL));
}
