// Crash-safe file writes for Node and Deno (Deno through its node:fs): the bytes go to a temp
// file in the same folder, which is fsynced, then renamed over the target (or hard-linked to
// it, for create-if-absent), then the folder is fsynced so the new name is durable too. A crash
// at any point leaves the old file or the new one, never a mix (docs/STORAGE.md "Crash safety").

import { link, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { toHex } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';

export const errorCode = (e: unknown): string | undefined => (e as { code?: unknown } | null)?.code as string | undefined;

// <name>.<16 hex>.tmp beside the target: same folder, hence same filesystem, so rename is atomic.
const tempName = (path: string): string => join(dirname(path), `${basename(path)}.${toHex(randomBytes(8))}.tmp`);

async function writeTemp(path: string, bytes: Uint8Array): Promise<string> {
  const tmp = tempName(path);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return tmp;
}

// Makes the folder's entries (a rename, a new link) durable. Folders cannot be opened for
// fsync on Windows; there the rename itself is what NTFS journals.
export async function syncDirectory(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch (e) {
    if (errorCode(e) === 'EISDIR' || errorCode(e) === 'EPERM' || errorCode(e) === 'EACCES') return;
    throw e;
  }
  try {
    await fh.sync();
  } catch (e) {
    // Some filesystems refuse fsync on a folder (EINVAL); the data file itself was synced.
    if (errorCode(e) !== 'EINVAL' && errorCode(e) !== 'EBADF') throw e;
  } finally {
    await fh.close();
  }
}

// Replaces `path` with `bytes` atomically and durably.
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = await writeTemp(path, bytes);
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(path));
}

// Creates `path` holding `bytes` only if it does not exist, atomically: the file appears with
// its whole contents or not at all (unlike open(O_EXCL) then write). False if it existed.
export async function createFileAtomic(path: string, bytes: Uint8Array): Promise<boolean> {
  const tmp = await writeTemp(path, bytes);
  try {
    await link(tmp, path);
  } catch (e) {
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await syncDirectory(dirname(path));
  return true;
}

// Removes the temp files a crashed writer of `path` left behind. Only safe while no other
// writer of `path` runs (the state store calls it holding the member's lock).
export async function removeStaleTemps(path: string): Promise<number> {
  const base = basename(path);
  let removed = 0;
  for (const name of await readdir(dirname(path))) {
    if (name.length === base.length + 21 && name.startsWith(`${base}.`) && /^\.[0-9a-f]{16}\.tmp$/.test(name.slice(base.length))) {
      await unlink(join(dirname(path), name)).catch(() => undefined);
      removed++;
    }
  }
  return removed;
}
