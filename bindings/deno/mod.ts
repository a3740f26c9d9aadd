// Deno entry point. The core is loaded through import.meta.url: from the file next to the
// module when it runs from a checkout or from node_modules (needs --allow-read for that file),
// or fetched when the module itself was imported over https.

import { initCore, initCoreSync } from '../../ts/crypto/core.js';
import { InvalidArgumentError, WasmUnavailableError } from '../../ts/errors.js';
import { fetchCore, isUrlInput, syncSourceRequired, type InitInput, type InitSyncInput } from '../../ts/load.js';

export * from '../../ts/index.js';

// The one copy of the core, beside the browser entry: bindings/browser/smmp-core.wasm in a
// checkout (written by `npm run build`), dist/bindings/browser/smmp-core.wasm in the package.
const WASM_URL = new URL('../browser/smmp-core.wasm', import.meta.url);

// Only what this file uses of the Deno namespace, typed here so tsc compiles it too.
interface DenoFs {
  readFile(path: URL): Promise<Uint8Array>;
  readFileSync(path: URL): Uint8Array;
}
const deno = (globalThis as { Deno?: DenoFs }).Deno;

// Deno refuses file reads without --allow-read (NotCapable; PermissionDenied before Deno 2).
function explainRead(url: URL, e: unknown): unknown {
  const name = e instanceof Error ? e.name : '';
  if (name !== 'NotCapable' && name !== 'PermissionDenied') return e;
  return new WasmUnavailableError(`reading ${url.pathname} needs read permission: run with --allow-read (or --allow-read=${url.pathname}), pass the bytes to init(), or import the inline entry (smmp/inline), which reads nothing`);
}

function load(source: URL | string): Promise<Uint8Array> | Promise<Response> {
  if (!URL.canParse(source)) throw new InvalidArgumentError('source', `expected an absolute URL, got ${String(source)}`);
  const url = new URL(source);
  if (url.protocol !== 'file:' || deno === undefined) return fetchCore(url);
  return deno.readFile(url).catch((e: unknown) => {
    throw explainRead(url, e);
  });
}

// Loads the core. Idempotent; concurrent calls share one load. `source` overrides where it comes
// from: a URL, a Response, bytes or a compiled module.
export function init(source?: InitInput): Promise<void> {
  return initCore(() => (source === undefined ? load(WASM_URL) : isUrlInput(source) ? load(source) : source));
}

// The same, synchronously: reads the file next to the module (a remote module needs `source`).
export function initSync(source?: InitSyncInput): void {
  if (source !== undefined) return initCoreSync(source);
  if (WASM_URL.protocol !== 'file:' || deno === undefined) throw syncSourceRequired(`the Deno entry loaded from ${WASM_URL.origin}`);
  let bytes: Uint8Array;
  try {
    bytes = deno.readFileSync(WASM_URL);
  } catch (e) {
    throw explainRead(WASM_URL, e);
  }
  initCoreSync(bytes);
}
