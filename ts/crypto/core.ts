// Loads the wasm core once and hands its exports to the wrappers. Runtime-agnostic: the
// bindings (Node, Deno, browser) decide where the module bytes come from and call in here.

import { NotInitializedError, SmmpError, WasmUnavailableError } from '../errors.js';

// The ABI version the wrappers were written against; the core reports its own, so a stale
// .wasm next to newer JS fails loudly at init instead of misbehaving later.
export const CORE_ABI_VERSION = 2;

type Ptr = number;

// The module's exports, exactly as core-wasm/index.ts declares them.
export interface CoreExports {
  memory: WebAssembly.Memory;
  core_abi_version(): number;
  io_base(): Ptr;
  io_reserve(size: number): Ptr;

  sha256(out: Ptr, data: Ptr, len: number): void;
  sha256_init(ctx: Ptr): void;
  sha256_update(ctx: Ptr, data: Ptr, len: number): void;
  sha256_final(ctx: Ptr, out: Ptr): void;
  sha256_ctx_size(): number;
  sha512(out: Ptr, data: Ptr, len: number): void;
  sha512_init(ctx: Ptr): void;
  sha512_update(ctx: Ptr, data: Ptr, len: number): void;
  sha512_final(ctx: Ptr, out: Ptr): void;
  sha512_ctx_size(): number;
  hmac_sha256(out: Ptr, key: Ptr, keyLen: number, msg: Ptr, msgLen: number): void;
  hmac_sha256_init(ctx: Ptr, key: Ptr, keyLen: number): void;
  hmac_sha256_update(ctx: Ptr, data: Ptr, len: number): void;
  hmac_sha256_final(ctx: Ptr, out: Ptr): void;
  hmac_sha256_ctx_size(): number;
  hmac_sha512(out: Ptr, key: Ptr, keyLen: number, msg: Ptr, msgLen: number): void;
  hmac_sha512_init(ctx: Ptr, key: Ptr, keyLen: number): void;
  hmac_sha512_update(ctx: Ptr, data: Ptr, len: number): void;
  hmac_sha512_final(ctx: Ptr, out: Ptr): void;
  hmac_sha512_ctx_size(): number;
  ct_equal(a: Ptr, b: Ptr, len: number): number;
  hmac_sha256_batch(out: Ptr, outLen: number, n: number, key: Ptr, keyLen: number, keyStride: number, msg: Ptr, msgLen: number, msgStride: number): number;
  hmac_sha256_batch_verify(ok: Ptr, n: number, key: Ptr, keyLen: number, keyStride: number, msg: Ptr, msgLen: number, msgStride: number, tags: Ptr, tagLen: number): number;
  hkdf_sha256_extract(prk: Ptr, salt: Ptr, saltLen: number, ikm: Ptr, ikmLen: number): void;
  hkdf_sha256_expand(out: Ptr, outLen: number, prk: Ptr, prkLen: number, info: Ptr, infoLen: number): number;
  hkdf_sha256(out: Ptr, outLen: number, salt: Ptr, saltLen: number, ikm: Ptr, ikmLen: number, info: Ptr, infoLen: number): number;
  hkdf_sha256_batch(out: Ptr, outLen: number, n: number, salt: Ptr, saltLen: number, saltStride: number, ikm: Ptr, ikmLen: number, ikmStride: number, info: Ptr, infoLen: number, infoStride: number): number;
  hkdf_sha256_expand_batch(out: Ptr, outLen: number, n: number, prk: Ptr, prkLen: number, prkStride: number, info: Ptr, infoLen: number, infoStride: number): number;

  aes256_ctr(key: Ptr, ctr: Ptr, src: Ptr, dst: Ptr, len: number): void;

  x25519(out: Ptr, scalar: Ptr, point: Ptr): number;
  x25519_base(out: Ptr, scalar: Ptr): void;
  x25519_batch(out: Ptr, scalar: Ptr, points: Ptr, n: number): number;

  sc_reduce64(out: Ptr, s: Ptr): void;
  sc_reduce32(out: Ptr, s: Ptr): void;
  sc_is_canonical(s: Ptr): number;
  sc_add(out: Ptr, a: Ptr, b: Ptr): void;
  sc_sub(out: Ptr, a: Ptr, b: Ptr): void;
  sc_neg(out: Ptr, a: Ptr): void;
  sc_mul(out: Ptr, a: Ptr, b: Ptr): void;
  sc_invert(out: Ptr, a: Ptr): void;
  sc_iszero(s: Ptr): number;

  ristretto255_is_valid(p: Ptr): number;
  ristretto255_is_identity(p: Ptr): number;
  ristretto255_add(out: Ptr, a: Ptr, b: Ptr): number;
  ristretto255_sub(out: Ptr, a: Ptr, b: Ptr): number;
  ristretto255_neg(out: Ptr, a: Ptr): number;
  ristretto255_equals(a: Ptr, b: Ptr): number;
  ristretto255_scalarmult(out: Ptr, scalar: Ptr, point: Ptr): number;
  ristretto255_scalarmult_base(out: Ptr, scalar: Ptr): void;
  ristretto255_from_uniform(out: Ptr, bytes64: Ptr): void;

  ed25519_keypair(pk: Ptr, sk: Ptr, seed: Ptr): void;
  ed25519_sign(sig: Ptr, sk: Ptr, msg: Ptr, msgLen: number): void;
  ed25519_verify(sig: Ptr, pk: Ptr, msg: Ptr, msgLen: number): number;
  ed25519_check_public_key(pk: Ptr): number;

  bd_round2(out: Ptr, h: Ptr, hNext: Ptr, hPrev: Ptr): number;
  bd_key(out: Ptr, n: number, h: Ptr, hPrev: Ptr, xs: Ptr, j: number): number;
  bd_key_sum(out: Ptr, n: number, h: Ptr, hPrev: Ptr, xs: Ptr, j: number): number;
  bd_sum_is_identity(xs: Ptr, n: number): number;
}

let core: CoreExports | undefined;

export function isInitialized(): boolean {
  return core !== undefined;
}

// The loaded core; every wrapper goes through here, so a call before init fails with one
// clear error instead of a TypeError deep inside.
export function wasm(): CoreExports {
  if (core === undefined) throw new NotInitializedError();
  return core;
}

function requireWebAssembly(): void {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.Instance !== 'function') {
    throw new WasmUnavailableError('this runtime has no WebAssembly (React Native/Hermes, iOS Lockdown Mode, a hardened browser mode?)');
  }
}

function adopt(instance: WebAssembly.Instance): void {
  const x = instance.exports as unknown as CoreExports;
  if (typeof x.core_abi_version !== 'function' || x.core_abi_version() !== CORE_ABI_VERSION) {
    throw new WasmUnavailableError(`the loaded module is not smmp core ABI ${CORE_ABI_VERSION}`);
  }
  core = x;
}

function explain(e: unknown): WasmUnavailableError {
  const msg = e instanceof Error ? e.message : String(e);
  // Browsers report a CSP refusal as an EvalError or a CompileError mentioning the policy.
  const csp = /Content Security Policy|wasm-unsafe-eval|unsafe-eval/i.test(msg)
    ? " (the page's Content-Security-Policy must allow 'wasm-unsafe-eval')"
    : '';
  return new WasmUnavailableError(`could not compile or instantiate the core: ${msg}${csp}`);
}

// Synchronous load from bytes or a compiled module. Idempotent: a second call is a no-op.
export function initCoreSync(source: BufferSource | WebAssembly.Module): void {
  if (core !== undefined) return;
  requireWebAssembly();
  let instance: WebAssembly.Instance;
  try {
    const module = source instanceof WebAssembly.Module ? source : new WebAssembly.Module(source);
    instance = new WebAssembly.Instance(module, {});
  } catch (e) {
    throw explain(e);
  }
  adopt(instance);
}

export type CoreSource = BufferSource | WebAssembly.Module | Response | PromiseLike<Response>;

let loading: Promise<void> | undefined;

// Asynchronous load. Concurrent and repeated calls share one load; a failed load can be retried.
export function initCore(source: () => CoreSource | PromiseLike<CoreSource>): Promise<void> {
  if (core !== undefined) return Promise.resolve();
  if (loading !== undefined) return loading;
  loading = (async () => {
    requireWebAssembly();
    let instance: WebAssembly.Instance;
    try {
      const src = await source();
      if (src instanceof WebAssembly.Module) {
        instance = await WebAssembly.instantiate(src, {});
      } else if (isResponse(src)) {
        instance = await instantiateResponse(src);
      } else {
        instance = (await WebAssembly.instantiate(src as BufferSource, {})).instance;
      }
    } catch (e) {
      // Our own typed errors (a bad argument, a refused read) pass through as they are.
      throw e instanceof SmmpError ? e : explain(e);
    }
    adopt(instance);
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

function isResponse(x: unknown): x is Response {
  return typeof Response === 'function' && x instanceof Response;
}

async function instantiateResponse(res: Response): Promise<WebAssembly.Instance> {
  if (!res.ok) throw new WasmUnavailableError(`fetching the core failed: HTTP ${res.status} ${res.statusText}`);
  // Streaming compile needs the application/wasm MIME type; servers that get it wrong still work.
  if (typeof WebAssembly.instantiateStreaming === 'function' && res.headers.get('content-type')?.startsWith('application/wasm')) {
    return (await WebAssembly.instantiateStreaming(res, {})).instance;
  }
  return (await WebAssembly.instantiate(await res.arrayBuffer(), {})).instance;
}
