// Package tests: `npm pack`, then install the tarball into empty projects and use it as a user
// would: Node (ESM import, init/initSync, the inline entry, the .wasm subpath, TypeScript types),
// Deno (npm: specifier with deno check; the inline entry with no permissions; a local path),
// and a page bundled with esbuild running in Chromium (the URL entry with the .wasm copied next
// to the bundle, and the inline entry). Everything runs offline in a temp folder.
// Usage: node dist/test/pack/run.js

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { html, runPage, serve, withChromium, type Route } from '../support/chromium.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'smmp-pack-'));
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

const results: { name: string; ok: boolean; detail?: string }[] = [];
async function check(name: string, fn: () => unknown): Promise<void> {
  const t0 = performance.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    const detail = e instanceof Error ? `${e.message}${'stdout' in e ? `\n${String((e as { stdout: unknown }).stdout)}` : ''}${'stderr' in e ? `\n${String((e as { stderr: unknown }).stderr)}` : ''}` : String(e);
    results.push({ name, ok: false, detail });
    console.log(`FAIL ${name}\n     ${detail.split('\n').join('\n     ')}`);
  }
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, NO_COLOR: '1', ...env } });
}

function project(name: string, files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const npmInstall = (dir: string, tarball: string): string => run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);

let tarball = '';
try {
  await check('npm pack: the tarball holds the entries, types and the core, and nothing else', () => {
    const out = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], root)) as { filename: string; size: number; files: { path: string }[] }[];
    const info = out[0]!;
    tarball = join(work, info.filename);
    const files = new Set(info.files.map((f) => f.path));
    for (const f of [
      'package.json',
      'README.md',
      'dist/bindings/node/index.js',
      'dist/bindings/node/index.d.ts',
      'dist/bindings/deno/mod.js',
      'dist/bindings/deno/mod.d.ts',
      'dist/bindings/browser/index.js',
      'dist/bindings/browser/index.d.ts',
      'dist/bindings/browser/inline.js',
      'dist/bindings/browser/inline.d.ts',
      'dist/bindings/browser/smmp-core.wasm',
      'dist/ts/index.d.ts',
    ]) {
      if (!files.has(f)) throw new Error(`missing ${f}`);
    }
    const stray = [...files].filter((f) => f.startsWith('dist/test/') || f.startsWith('dist/bench/') || f.endsWith('.map') || f.endsWith('.ts') && !f.endsWith('.d.ts'));
    if (stray.length > 0) throw new Error(`should not ship: ${stray.join(', ')}`);
    console.log(`     ${info.filename}: ${files.size} files, ${(info.size / 1024).toFixed(0)} KiB packed`);
  });
  if (tarball === '') throw new Error('no tarball');

  // ---- Node: an empty ESM project.
  const nodeApp = project('node-app', {
    'package.json': JSON.stringify({ name: 'node-app', private: true, type: 'module' }),
    'main.js': `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as smmp from 'smmp';
import * as inline from 'smmp/inline';
const hex = (b) => Buffer.from(b).toString('hex');
let refused = false;
try { smmp.crypto.sha256(new Uint8Array(1)); } catch (e) { refused = e instanceof smmp.NotInitializedError; }
if (!refused) throw new Error('a call before init did not throw NotInitializedError');
await smmp.init();
smmp.initSync();
if (hex(smmp.crypto.sha256(new TextEncoder().encode('abc'))) !== '${ABC}') throw new Error('sha256');
const kp = smmp.crypto.ed25519KeyPair(new Uint8Array(32).fill(7));
if (!smmp.crypto.ed25519Verify(kp.publicKey, new Uint8Array(3), smmp.crypto.ed25519Sign(kp.secretKey, new Uint8Array(3)))) throw new Error('ed25519');
if (!inline.isInitialized() || inline.crypto !== smmp.crypto) throw new Error('the inline entry is a different library instance');
const wasm = readFileSync(fileURLToPath(import.meta.resolve('smmp/smmp-core.wasm')));
if (wasm.length < 1000 || wasm[0] !== 0) throw new Error('smmp/smmp-core.wasm');
console.log('node-app ok');
`,
    'types.ts': `
import { crypto, init, initSync, WasmUnavailableError, type InitInput, type InitSyncInput } from 'smmp';
import * as inline from 'smmp/inline';
const source: InitInput = new URL('https://example.invalid/smmp-core.wasm');
const bytes: InitSyncInput = new Uint8Array(0);
export async function main(): Promise<Uint8Array> {
  await init(source).catch((e: unknown) => { if (!(e instanceof WasmUnavailableError)) throw e; });
  initSync(bytes);
  inline.initSync();
  const kp: { publicKey: Uint8Array; secretKey: Uint8Array } = crypto.ed25519KeyPair(crypto.randomBytes(32));
  return crypto.ed25519Sign(kp.secretKey, new Uint8Array(1));
}
`,
    'tsconfig.json': JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true },
      files: ['types.ts'],
    }),
  });
  await check('Node: npm install of the tarball into an empty project', () => npmInstall(nodeApp, tarball));
  await check('Node: import, init/initSync, crypto, the inline entry and the .wasm subpath', () => {
    if (!run('node', ['main.js'], nodeApp).includes('node-app ok')) throw new Error('no ok line');
  });
  await check('Node: the shipped .d.ts type-check a TypeScript consumer (tsc, nodenext)', () => run(bin('tsc'), ['-p', '.'], nodeApp));

  // ---- Deno: an empty project using the installed package through npm: specifiers.
  const denoApp = project('deno-app', {
    'package.json': JSON.stringify({ name: 'deno-app', private: true }),
    'deno.json': JSON.stringify({ nodeModulesDir: 'manual' }),
    'main.ts': `
import { crypto, init, initSync, NotInitializedError, type InitInput } from 'npm:smmp';
const source: InitInput | undefined = undefined;
let refused = false;
try { crypto.sha256(new Uint8Array(1)); } catch (e) { refused = e instanceof NotInitializedError; }
if (!refused) throw new Error('a call before init did not throw NotInitializedError');
await init(source);
initSync();
const hex = Array.from(crypto.sha256(new TextEncoder().encode('abc')), (b) => b.toString(16).padStart(2, '0')).join('');
if (hex !== '${ABC}') throw new Error('sha256 ' + hex);
console.log('deno-app ok');
`,
    'inline.ts': `
import { crypto, init } from 'npm:smmp/inline';
await init();
if (crypto.sha256(new Uint8Array(0))[0] !== 0xe3) throw new Error('sha256');
console.log('deno-inline ok');
`,
    'denied.ts': `
import { init, WasmUnavailableError } from 'npm:smmp';
try { await init(); console.log('loaded without permission?'); } catch (e) {
  if (e instanceof WasmUnavailableError && e.message.includes('--allow-read')) console.log('deno-denied ok'); else throw e;
}
`,
  });
  await check('Deno: npm install of the tarball into an empty Deno project (nodeModulesDir: manual)', () => npmInstall(denoApp, tarball));
  await check('Deno: deno check of an npm:smmp consumer against the shipped types', () => run(bin('deno'), ['check', 'main.ts', 'inline.ts'], denoApp));
  await check('Deno: npm:smmp loads the .wasm next to the module (--allow-read)', () => {
    if (!run(bin('deno'), ['run', '--allow-read=node_modules', 'main.ts'], denoApp).includes('deno-app ok')) throw new Error('no ok line');
  });
  await check('Deno: without --allow-read, init() says which permission it needs', () => {
    if (!run(bin('deno'), ['run', 'denied.ts'], denoApp).includes('deno-denied ok')) throw new Error('no ok line');
  });
  await check('Deno: npm:smmp/inline needs no permission at all', () => {
    if (!run(bin('deno'), ['run', 'inline.ts'], denoApp).includes('deno-inline ok')) throw new Error('no ok line');
  });
  await check('Deno: the unpacked package imported by local path', () => {
    const dir = project('deno-local', {
      'deno.json': JSON.stringify({ imports: { smmp: './package/dist/bindings/deno/mod.js' } }),
      'main.ts': `import { crypto, init } from 'smmp';\nawait init();\nif (crypto.sha512(new Uint8Array(0)).length !== 64) throw new Error('sha512');\nconsole.log('deno-local ok');\n`,
    });
    run('tar', ['-xzf', tarball, '-C', dir], dir);
    if (!run(bin('deno'), ['run', '--allow-read=package', 'main.ts'], dir).includes('deno-local ok')) throw new Error('no ok line');
  });

  // ---- Browser: pages bundled with esbuild from the installed package, in Chromium.
  const page = (entry: string, init: string): string => `
import { crypto, init } from '${entry}';
const state = { done: false, results: [] };
globalThis.__smmp = state;
const t0 = performance.now();
try {
  await ${init};
  const hex = Array.from(crypto.sha256(new TextEncoder().encode('abc')), (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== '${ABC}') throw new Error('sha256 ' + hex);
  state.results.push({ suite: 'pack', name: '${entry}', status: 'pass', ms: performance.now() - t0 });
} catch (e) {
  state.results.push({ suite: 'pack', name: '${entry}', status: 'fail', ms: 0, error: String(e) });
}
state.done = true;
`;
  const webDir = join(nodeApp, 'web');
  mkdirSync(webDir, { recursive: true });
  writeFileSync(join(webDir, 'app.js'), page('smmp', 'init()'));
  writeFileSync(join(webDir, 'inline-app.js'), page('smmp/inline', 'init()'));
  const bundles: Record<string, string> = {};
  await check('Browser: esbuild bundles smmp and smmp/inline for the browser (no Node built-ins)', async () => {
    for (const name of ['app.js', 'inline-app.js']) {
      const out = await build({ entryPoints: [join(webDir, name)], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'error' });
      bundles[name] = out.outputFiles[0]!.text;
      if (bundles[name]!.includes('SharedArrayBuffer')) throw new Error(`${name} mentions SharedArrayBuffer`);
    }
  });
  await check('Browser: both bundled pages load the core in Chromium (the .wasm copied next to the bundle)', async () => {
    // What a user does with esbuild: copy smmp/smmp-core.wasm next to the bundle.
    const wasmPath = createRequire(join(nodeApp, 'main.js')).resolve('smmp/smmp-core.wasm');
    copyFileSync(wasmPath, join(webDir, 'smmp-core.wasm'));
    const js = (body: string): Route => ({ body, type: 'text/javascript' });
    const csp = { 'content-security-policy': "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'" };
    const routes = new Map<string, Route>([
      ['/app.html', { body: html('/app.js'), type: 'text/html', headers: csp }],
      ['/app.js', js(bundles['app.js']!)],
      ['/inline.html', { body: html('/inline-app.js'), type: 'text/html', headers: csp }],
      ['/inline-app.js', js(bundles['inline-app.js']!)],
      ['/smmp-core.wasm', { body: readFileSync(join(webDir, 'smmp-core.wasm')), type: 'application/wasm' }],
    ]);
    const server = await serve(routes);
    try {
      const out = await withChromium(async (context) => [...(await runPage(context, `${server.origin}/app.html`, 30_000)), ...(await runPage(context, `${server.origin}/inline.html`, 30_000))]);
      const bad = out.filter((r) => r.status !== 'pass');
      if (out.length !== 2 || bad.length > 0) throw new Error(JSON.stringify(out));
      if (!server.requests.includes('/smmp-core.wasm')) throw new Error('the URL entry did not fetch /smmp-core.wasm');
    } finally {
      await server.close();
    }
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(`\npack: ${results.length - failed} passed, ${failed} failed`);
if (failed > 0 || results.length === 0) process.exitCode = 1;
if (existsSync(work)) rmSync(work, { recursive: true, force: true });
