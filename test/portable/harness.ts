// A tiny test harness with no runtime imports, so the same suites run in Node, Deno and a
// browser. Suites (test/portable/suites/*.ts) register cases with suite()/test() and check with
// assert; each runtime's runner configures the environment first, imports every suite, then
// hands the registered cases to its own test runner (node:test, Deno.test, a page).
//
// To add a suite (the 3-member group, say), add test/portable/suites/NAME.ts: import what it
// needs from '../support.js' (the whole public API of ts/index.ts, plus assert/suite/test) and
// nothing runtime-specific; every runner picks it up by listing the folder. A suite that must be
// byte-identical across runtimes adds an area to suites/determinism.ts or records its own digest.

export interface Environment {
  // 'node' | 'deno' | 'chromium': for reports only; suites must not branch on it.
  runtime: string;
  // SMMP_LONG=1 (Node, Deno) or ?long=1 (browser): the slow vectors and long property runs.
  long: boolean;
  // Reads test/vectors/<path> as parsed JSON.
  loadVector(path: string): Promise<unknown>;
}

export interface Case {
  suite: string;
  name: string;
  // A reason to skip, or undefined to run.
  skip: string | undefined;
  fn: () => void | Promise<void>;
}

let environment: Environment | undefined;
let currentSuite = '';
const registered: Case[] = [];

export function configure(env: Environment): void {
  environment = env;
}

export function env(): Environment {
  if (environment === undefined) throw new Error('portable harness: the runner must call configure() before importing suites');
  return environment;
}

export function vectors<T = any>(path: string): Promise<T> {
  return env().loadVector(path) as Promise<T>;
}

// Every case registered so far, in registration order.
export function cases(): readonly Case[] {
  return registered;
}

// Groups the cases registered inside `body` under `name` (one suite per file, usually).
export function suite(name: string, body: () => void): void {
  const outer = currentSuite;
  currentSuite = outer === '' ? name : `${outer} > ${name}`;
  try {
    body();
  } finally {
    currentSuite = outer;
  }
}

export interface TestOptions {
  // A truthy string skips the case and says why.
  skip?: string | false | undefined;
}

export function test(name: string, fn: () => void | Promise<void>): void;
export function test(name: string, options: TestOptions, fn: () => void | Promise<void>): void;
export function test(name: string, a: TestOptions | (() => void | Promise<void>), b?: () => void | Promise<void>): void {
  const [options, fn] = typeof a === 'function' ? [{}, a] : [a, b!];
  registered.push({ suite: currentSuite, name, skip: options.skip || undefined, fn });
}

// Runs one case; resolves with undefined or the error. Used by runners without a test runner
// of their own (the browser page).
export async function runCase(c: Case): Promise<unknown> {
  try {
    await c.fn();
    return undefined;
  } catch (e) {
    return e ?? new Error('threw a nullish value');
  }
}

// ---------------------------------------------------------------------------------------------
// assert: the subset of node:assert/strict the suites use, with the same semantics.

export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 200 ? `${x.slice(0, 200)}...` : x);
  if (typeof x === 'bigint') return `${x}n`;
  if (x instanceof Error) return `${x.name}: ${x.message}`;
  return String(x);
}

function fail(message: string | undefined, detail: string): never {
  throw new AssertionError(message === undefined ? detail : `${message}\n  ${detail}`);
}

// What an expected error may be: an error class, a RegExp tested against the message (and the
// String() of the error), or a predicate that must return true.
export type ErrorMatcher = (abstract new (...args: any[]) => unknown) | RegExp | ((e: unknown) => boolean);

function matches(e: unknown, expected: ErrorMatcher | undefined): boolean {
  if (expected === undefined) return true;
  if (expected instanceof RegExp) return expected.test(String(e)) || (e instanceof Error && expected.test(e.message));
  if (expected.prototype !== undefined && (expected.prototype instanceof Error || expected === Error)) return e instanceof (expected as abstract new (...args: any[]) => unknown);
  return (expected as (e: unknown) => boolean)(e) === true;
}

export const assert = {
  equal(actual: unknown, expected: unknown, message?: string): void {
    if (!Object.is(actual, expected)) fail(message, `expected ${show(expected)}, got ${show(actual)}`);
  },
  notEqual(actual: unknown, expected: unknown, message?: string): void {
    if (Object.is(actual, expected)) fail(message, `expected anything but ${show(expected)}`);
  },
  ok(value: unknown, message?: string): void {
    if (!value) fail(message, `expected a truthy value, got ${show(value)}`);
  },
  throws(fn: () => unknown, expected?: ErrorMatcher, message?: string): void {
    try {
      fn();
    } catch (e) {
      if (!matches(e, expected)) fail(message, `threw the wrong error: ${show(e)}`);
      return;
    }
    fail(message, 'expected the call to throw');
  },
  async rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: ErrorMatcher, message?: string): Promise<void> {
    try {
      await (typeof promise === 'function' ? promise() : promise);
    } catch (e) {
      if (!matches(e, expected)) fail(message, `rejected with the wrong error: ${show(e)}`);
      return;
    }
    fail(message, 'expected a rejection');
  },
};
