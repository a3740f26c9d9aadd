// One error hierarchy for the whole package. Every error carries a stable `code` so callers can
// branch on it without parsing messages, and `instanceof SmmpError` catches all of ours.

export class SmmpError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

// A crypto call was made before `init()` / `initSync()` finished.
export class NotInitializedError extends SmmpError {
  constructor() {
    super('NOT_INITIALIZED', 'smmp is not initialized: await init() (or call initSync(bytes)) first');
  }
}

// The runtime has no WebAssembly, or refused to compile the core (a strict CSP without
// 'wasm-unsafe-eval', iOS Lockdown Mode, ...). There is deliberately no slow fallback.
export class WasmUnavailableError extends SmmpError {
  constructor(detail: string) {
    super('WASM_UNAVAILABLE', `WebAssembly is unavailable: ${detail}`);
  }
}

// An argument has the wrong type, length or range. `argument` names it.
export class InvalidArgumentError extends SmmpError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('INVALID_ARGUMENT', `${argument}: ${message}`);
    this.argument = argument;
  }
}

// Bytes of the right length that do not encode a valid value: a non-canonical or invalid point,
// a scalar not below the group order. `argument` names the input.
export class InvalidEncodingError extends SmmpError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('INVALID_ENCODING', `${argument}: ${message}`);
    this.argument = argument;
  }
}

// A Diffie-Hellman result that carries no secret (all-zero X25519 output, identity group
// element): the peer's key is of small order or otherwise degenerate.
export class WeakKeyError extends SmmpError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('WEAK_KEY', `${argument}: ${message}`);
    this.argument = argument;
  }
}
