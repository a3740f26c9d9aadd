// A small static file server for pages served next to the relay (the browser chat): GET and HEAD
// only, files under one root and nothing outside it (no "..", no symlinks out, no dotfiles), with
// the content types a page needs, application/wasm included.

import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

// Returns true when it answered the request, false to let the caller answer (404).
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export function staticFiles(root: string): RequestHandler {
  const rootPath = resolve(root);
  let rootReal: Promise<string> | undefined;
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const file = await locate((rootReal ??= realpath(rootPath)), req.url ?? '/');
    if (file === undefined) return false;
    res.writeHead(200, {
      'Content-Type': contentType(file.path),
      'Content-Length': String(file.size),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file.path).on('error', () => res.destroy()).pipe(res);
    return true;
  };
}

async function locate(rootReal: Promise<string>, url: string): Promise<{ path: string; size: number } | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://relay').pathname);
  } catch {
    return undefined;
  }
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.') || s.includes('\0') || s.includes('\\'))) return undefined;
  const base = await rootReal;
  let path = join(base, ...segments);
  try {
    let info = await stat(path);
    if (info.isDirectory()) {
      path = join(path, 'index.html');
      info = await stat(path);
    }
    // Symlinks are followed only to files inside the root.
    const real = await realpath(path);
    if (!info.isFile() || (real !== base && !real.startsWith(base + sep))) return undefined;
    return { path: real, size: info.size };
  } catch {
    return undefined;
  }
}
