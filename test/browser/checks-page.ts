// Browser-only checks, one per page load (?check=NAME) because each needs its own document: its
// own Content-Security-Policy header (set by the server in test/browser/run.ts), a fresh core, or
// a runtime with WebAssembly removed. The URL entry and the inline entry are both bundled in.

import * as urlEntry from '../../bindings/browser/index.js';
import * as inlineEntry from '../../bindings/browser/inline.js';
import { toHex } from '../../ts/bytes.js';
import { done, record } from './report.js';

const { crypto, InvalidArgumentError, NotInitializedError, WasmUnavailableError, isInitialized } = urlEntry;

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const abc = (): string => toHex(crypto.sha256(new TextEncoder().encode('abc')));

function ok(cond: unknown, message: string): void {
  if (!cond) throw new Error(message);
}

async function rejectsWith(p: Promise<unknown>, check: (e: unknown) => boolean, what: string): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    ok(check(e), `${what}: wrong error ${String(e)}`);
    return e;
  }
  throw new Error(`${what}: expected a rejection`);
}

function throwsWith(fn: () => unknown, check: (e: unknown) => boolean, what: string): unknown {
  try {
    fn();
  } catch (e) {
    ok(check(e), `${what}: wrong error ${String(e)}`);
    return e;
  }
  throw new Error(`${what}: expected a throw`);
}

const wasmRequests = (): string[] =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.endsWith('.wasm'));

// A CSP without 'wasm-unsafe-eval' must give WasmUnavailableError that names the fix.
const cspRefusal = (e: unknown): boolean =>
  e instanceof WasmUnavailableError && e.code === 'WASM_UNAVAILABLE' && e.message.includes("'wasm-unsafe-eval'");

// The page's Content-Security-Policy for a check, sent by the server as a header.
const STRICT = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'";
const STRICT_NO_CONNECT = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'";
const NO_WASM_EVAL = "default-src 'self'";

interface Check {
  csp?: string;
  // May return a note for the report.
  run(): Promise<void | string>;
}

const CHECKS: Record<string, Check> = {
  // The default URL (next to the bundle), loaded with instantiateStreaming.
  'url entry: default URL, streamed': {
    async run() {
      let streamed = 0;
      const original = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = (...args: Parameters<typeof original>) => {
        streamed++;
        return original(...args);
      };
      await urlEntry.init();
      ok(streamed === 1, `instantiateStreaming called ${streamed} times`);
      ok(abc() === ABC_SHA256, 'sha256 after init');
      ok(wasmRequests().join() === '/smmp-core.wasm', `fetched ${wasmRequests().join()}`);
    },
  },

  // The page overrides the URL; nothing else is fetched.
  'url entry: the page overrides the URL': {
    async run() {
      await urlEntry.init(new URL('/assets/v1/core.wasm', location.href));
      ok(abc() === ABC_SHA256, 'sha256 after init');
      ok(wasmRequests().join() === '/assets/v1/core.wasm', `fetched ${wasmRequests().join()}`);
    },
  },

  // A missing file is a typed error naming the status; the load can be retried.
  'url entry: HTTP 404 is WasmUnavailableError, then a retry succeeds': {
    async run() {
      await rejectsWith(urlEntry.init('/nowhere/smmp-core.wasm'), (e) => e instanceof WasmUnavailableError && /HTTP 404/.test((e as Error).message), 'init(404)');
      ok(!isInitialized(), 'initialized after a failed load');
      await urlEntry.init('/smmp-core.wasm');
      ok(abc() === ABC_SHA256, 'sha256 after retry');
    },
  },

  // initSync() cannot fetch: without bytes it names the argument; with bytes it works.
  'url entry: initSync needs bytes, then works with them': {
    async run() {
      throwsWith(() => urlEntry.initSync(), (e) => e instanceof InvalidArgumentError && e.argument === 'source', 'initSync()');
      const bytes = await (await fetch('/smmp-core.wasm')).arrayBuffer();
      urlEntry.initSync(bytes);
      ok(abc() === ABC_SHA256, 'sha256 after initSync');
    },
  },

  // The inline entry fetches nothing, async or sync.
  'inline entry: init() fetches nothing': {
    async run() {
      await inlineEntry.init();
      ok(abc() === ABC_SHA256, 'sha256 after init');
      ok(wasmRequests().length === 0, `fetched ${wasmRequests().join()}`);
    },
  },
  'inline entry: initSync() on the main thread': {
    async run() {
      inlineEntry.initSync();
      ok(abc() === ABC_SHA256, 'sha256 after initSync');
    },
  },

  // Strict CSP (served with default-src 'none'; script-src 'self' 'wasm-unsafe-eval';
  // connect-src 'self'): both entries work.
  'strict CSP with wasm-unsafe-eval: url entry works': {
    csp: STRICT,
    async run() {
      await urlEntry.init();
      ok(abc() === ABC_SHA256, 'sha256 after init');
    },
  },
  // Served with default-src 'none'; script-src 'self' 'wasm-unsafe-eval' (no connect-src at all).
  'strict CSP with wasm-unsafe-eval and no connect-src: inline entry works': {
    csp: STRICT_NO_CONNECT,
    async run() {
      await inlineEntry.init();
      ok(abc() === ABC_SHA256, 'sha256 after init');
    },
  },

  // Served with default-src 'self' (no 'wasm-unsafe-eval'): a clear, typed refusal.
  "CSP without 'wasm-unsafe-eval': url entry says so": {
    csp: NO_WASM_EVAL,
    async run() {
      const e = await rejectsWith(urlEntry.init(), cspRefusal, 'init()');
      ok(!isInitialized(), 'initialized despite the CSP');
      throwsWith(() => abc(), (x) => x instanceof NotInitializedError, 'sha256 after a refused init');
      return String(e);
    },
  },
  "CSP without 'wasm-unsafe-eval': inline entry says so": {
    csp: NO_WASM_EVAL,
    async run() {
      await rejectsWith(inlineEntry.init(), cspRefusal, 'init()');
      throwsWith(() => inlineEntry.initSync(), cspRefusal, 'initSync()');
      ok(!isInitialized(), 'initialized despite the CSP');
    },
  },

  // No WebAssembly at all (iOS Lockdown Mode, hardened modes): typed error, no fallback.
  'no WebAssembly: WasmUnavailableError from both entries': {
    async run() {
      Object.defineProperty(globalThis, 'WebAssembly', { value: undefined, configurable: true, writable: true });
      await rejectsWith(urlEntry.init(), (e) => e instanceof WasmUnavailableError, 'url init()');
      throwsWith(() => inlineEntry.initSync(), (e) => e instanceof WasmUnavailableError, 'inline initSync()');
      throwsWith(() => abc(), (x) => x instanceof NotInitializedError, 'sha256 without WebAssembly');
    },
  },

  // A page that is not cross-origin isolated has no SharedArrayBuffer; the core needs none.
  'no SharedArrayBuffer: the core works without it': {
    async run() {
      ok(typeof SharedArrayBuffer === 'undefined' && !crossOriginIsolated, 'this page unexpectedly has SharedArrayBuffer');
      await urlEntry.init();
      ok(abc() === ABC_SHA256, 'sha256 after init');
      ok(crypto.randomBytes(100_000).length === 100_000, 'randomBytes past the getRandomValues limit');
    },
  },

  // A module worker loads the core next to its own bundle.
  'module worker: url entry loads and computes': {
    async run() {
      const worker = new Worker('/worker.js', { type: 'module' });
      const reply = await new Promise<{ ok: boolean; digest?: string; error?: string }>((resolve, reject) => {
        worker.onmessage = (m) => resolve(m.data);
        worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
        setTimeout(() => reject(new Error('worker timed out')), 20_000);
      });
      worker.terminate();
      ok(reply.ok && reply.digest === ABC_SHA256, `worker replied ${JSON.stringify(reply)}`);
    },
  },
};

// Without ?check= the page lists the checks and their CSP for the runner.
(globalThis as { __smmpChecks?: unknown }).__smmpChecks = Object.entries(CHECKS).map(([name, c]) => ({ name, csp: c.csp ?? null }));

const name = new URLSearchParams(location.search).get('check');
if (name !== null) {
  const check = CHECKS[name];
  await record('browser checks', name, () => (check === undefined ? Promise.reject(new Error(`no check named ${name}`)) : check.run()));
}
done();
