// Builds the browser chat page into a folder: app.js bundled with esbuild from the compiled
// TypeScript (dist/examples/browser-chat/app.js), the page and its style from the sources, and
// the core's .wasm next to app.js, where the browser entry looks for it.

import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('./', import.meta.url)); // dist/examples/browser-chat/
const root = fileURLToPath(new URL('../../../', import.meta.url));

export async function bundleBrowserChat(outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(here, 'app.js')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
    // The page's entry has side effects (it runs the chat) although the package says none.
    ignoreAnnotations: true,
  });
  for (const f of ['index.html', 'style.css', 'favicon.svg']) copyFileSync(join(root, 'examples/browser-chat', f), join(outDir, f));
  copyFileSync(join(root, 'dist/bindings/browser/smmp-core.wasm'), join(outDir, 'smmp-core.wasm'));
  return outDir;
}
