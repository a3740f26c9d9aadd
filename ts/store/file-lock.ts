// One writer per member state in Node and Deno: a lock file that appears atomically with its
// holder's record in it (pid, host, process start, a random token), created only if absent.
// A lock whose process is gone on this host is stale and is taken over; any other holder gives
// StateLockedError naming it (docs/STORAGE.md "Locks").

import { readFile, rename, unlink, link } from 'node:fs/promises';
import { hostname } from 'node:os';
import process from 'node:process';
import { toHex } from '../bytes.js';
import { randomBytes } from '../crypto/random.js';
import { createFileAtomic, errorCode } from './atomic-file.js';
import { StateLockedError, type LockHolder } from './errors.js';
import type { StateLock } from './state-store.js';

interface LockRecord {
  pid: number;
  host: string;
  // When the process started, ms since 1970 (for people, and to tell our pid's past owner apart).
  startedAt: number;
  // Linux: the boot and the kernel's start time of the process (clock ticks after boot), which
  // together identify a process even after its pid is reused.
  boot?: string;
  ticks?: string;
  token: string;
}

const utf8 = new TextEncoder();
const PROCESS_STARTED_AT = Math.round(performance.timeOrigin);

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

// The field after the command name (which may hold spaces and parentheses) counts from 3.
async function processTicks(pid: number | 'self'): Promise<string | undefined> {
  const stat = await readText(`/proc/${pid}/stat`).catch(() => undefined);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

async function bootId(): Promise<string | undefined> {
  return (await readText('/proc/sys/kernel/random/boot_id').catch(() => undefined))?.trim();
}

let self: Promise<Omit<LockRecord, 'token'>> | undefined;
function selfRecord(): Promise<Omit<LockRecord, 'token'>> {
  return (self ??= (async () => {
    const [boot, ticks] = await Promise.all([bootId(), processTicks('self')]);
    return { pid: process.pid, host: hostname(), startedAt: PROCESS_STARTED_AT, ...(boot ? { boot } : {}), ...(ticks ? { ticks } : {}) };
  })());
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (typeof r.pid !== 'number' || typeof r.host !== 'string' || typeof r.startedAt !== 'number' || typeof r.token !== 'string') return undefined;
    return r as LockRecord;
  } catch {
    return undefined;
  }
}

// true, false, or undefined when this runtime cannot tell (Deno without --allow-run: Deno also
// refuses /proc reads short of --allow-all).
async function isAlive(pid: number): Promise<boolean | undefined> {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    if (errorCode(e) === 'ESRCH') return false;
    if (errorCode(e) === 'EPERM') return true;
  }
  const stat = await readText(`/proc/${pid}/stat`).catch(() => undefined);
  if (stat !== undefined) return true;
  return (await readText('/proc/self/stat').catch(() => undefined)) === undefined ? undefined : false;
}

function describe(r: LockRecord, me: Omit<LockRecord, 'token'>): string {
  const since = new Date(r.startedAt).toISOString();
  if (r.host === me.host && r.pid === me.pid && r.startedAt === me.startedAt) return `another store in this process (pid ${r.pid})`;
  return `process ${r.pid} on ${r.host === me.host ? 'this host' : `host ${r.host}`} (started ${since})`;
}

const holderOf = (r: LockRecord, me: Omit<LockRecord, 'token'>): LockHolder => ({ pid: r.pid, host: r.host, startedAt: r.startedAt, description: describe(r, me) });

// Whether the recorded holder is certainly gone ('stale'), certainly or possibly there ('live'),
// or cannot be checked here ('unknown'). Locks from other hosts (a shared folder) are never
// taken over automatically.
async function verdict(r: LockRecord, me: Omit<LockRecord, 'token'>): Promise<'stale' | 'live' | 'unknown'> {
  if (r.host !== me.host) return 'live';
  if (r.boot !== undefined && me.boot !== undefined && r.boot !== me.boot) return 'stale'; // rebooted since
  if (r.pid === me.pid) return r.startedAt === me.startedAt ? 'live' : 'stale'; // a former process with our pid
  const alive = await isAlive(r.pid);
  if (alive === undefined) return 'unknown';
  if (!alive) return 'stale';
  if (r.ticks !== undefined && r.boot === me.boot) {
    const ticks = await processTicks(r.pid);
    if (ticks !== undefined && ticks !== r.ticks) return 'stale'; // the pid now belongs to another process
  }
  return 'live';
}

// Moves the stale lock aside and deletes it, unless it changed since we read it: rename is
// atomic, so of several processes breaking the same stale lock exactly one moves it; one that
// moved a fresh lock by mistake puts it back.
async function breakStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.${toHex(randomBytes(8))}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  if ((await readText(aside)) !== staleText) {
    // If yet another process locked meanwhile, the holder we moved learns it at its next check().
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

export class FileLock implements StateLock {
  private held = true;

  constructor(readonly location: string, private readonly text: string, readonly holder: LockHolder) {}

  async check(): Promise<void> {
    const now = this.held ? await readText(this.location) : undefined;
    if (now === this.text) return;
    const other = now === undefined ? undefined : parseRecord(now);
    const me = await selfRecord();
    throw new StateLockedError(
      this.location,
      other === undefined ? { description: this.held ? 'nobody (the lock file was removed)' : 'nobody (this lock was released)' } : holderOf(other, me),
      'this store lost its lock and must not write',
    );
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    if ((await readText(this.location)) === this.text) await unlink(this.location).catch(() => undefined);
  }
}

// Takes the lock at `path` or throws StateLockedError naming the holder.
export async function acquireFileLock(path: string): Promise<FileLock> {
  const me = await selfRecord();
  for (let attempt = 0; attempt < 8; attempt++) {
    const record: LockRecord = { ...me, token: toHex(randomBytes(16)) };
    const text = `${JSON.stringify(record)}\n`;
    if (await createFileAtomic(path, utf8.encode(text))) return new FileLock(path, text, holderOf(record, me));
    const existing = await readText(path);
    if (existing === undefined) continue; // released meanwhile
    const holder = parseRecord(existing);
    if (holder === undefined) {
      throw new StateLockedError(path, { description: 'an unknown holder' }, `the lock file is unreadable; if no process uses this state, delete ${path}`);
    }
    const v = await verdict(holder, me);
    if (v === 'unknown') {
      throw new StateLockedError(path, holderOf(holder, me), `cannot tell whether process ${holder.pid} is still running (in Deno, grant --allow-run); if it is not, delete ${path}`);
    }
    if (v === 'live') throw new StateLockedError(path, holderOf(holder, me));
    await breakStale(path, existing);
  }
  throw new StateLockedError(path, { description: 'contending processes' }, 'the lock kept changing hands; try again');
}
