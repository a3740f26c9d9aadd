// `npm run demo` and `deno task chat` build first only when they have to (a fresh checkout has
// no core .wasm yet): when dist/ lacks the demo, or a source file
// (TypeScript, the core's AssemblyScript, the build config) is newer than the built demo.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('../', import.meta.url);
const target = new URL('dist/examples/demo.js', root);

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = new URL(e.name + (e.isDirectory() ? '/' : ''), dir);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.(ts|json)$/.test(e.name) && !e.name.endsWith('.generated.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

const sources = ['ts/', 'bindings/', 'examples/', 'core-wasm/'].map((d) => newest(new URL(d, root)));
const config = ['package.json', 'tsconfig.json', 'asconfig.json'].map((f) => statSync(new URL(f, root)).mtimeMs);
const stale = !existsSync(target) || Math.max(...sources, ...config) > statSync(target).mtimeMs;
if (stale) {
  console.log('building first (npm run build)...');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
