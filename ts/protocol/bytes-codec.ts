// The byte codec every packet, hash input and saved state is built with: big-endian integers,
// fixed-size byte strings and length-prefixed ones. The reader is strict: it never reads past
// its input, every count is bounded by the caller, and `end()` rejects trailing bytes.

import { malformed } from './errors.js';

export class Writer {
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.len++] = v;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.buf[this.len++] = v >>> 8;
    this.buf[this.len++] = v & 255;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    for (let s = 24; s >= 0; s -= 8) this.buf[this.len++] = (v >>> s) & 255;
    return this;
  }

  u64(v: number): this {
    // Safe integers only (53 bits): sequence numbers and times, never secrets.
    this.u32(Math.floor(v / 2 ** 32));
    return this.u32(v >>> 0);
  }

  // Raw bytes, no length: fixed-size fields whose size the format states.
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  // A u32 length, then the bytes.
  vbytes(b: Uint8Array): this {
    return this.u32(b.length).bytes(b);
  }

  zeros(n: number): this {
    this.room(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
    return this;
  }

  get length(): number {
    return this.len;
  }

  // The bytes written; the writer is done after this. A writer filled exactly to the capacity
  // it was made with hands over its buffer rather than a copy.
  finish(): Uint8Array {
    return this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
  }
}

export class Reader {
  private off = 0;

  constructor(private readonly buf: Uint8Array, private readonly what: string) {}

  private need(n: number, field: string): void {
    if (this.off + n > this.buf.length) throw malformed(`${this.what}: truncated at ${field}`);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.off++]!;
  }

  u16(field: string): number {
    this.need(2, field);
    const v = (this.buf[this.off]! << 8) | this.buf[this.off + 1]!;
    this.off += 2;
    return v;
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.buf;
    const o = this.off;
    this.off += 4;
    return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  }

  u64(field: string): number {
    const hi = this.u32(field);
    const lo = this.u32(field);
    if (hi >= 2 ** 21) throw malformed(`${this.what}: ${field} exceeds 2^53`);
    return hi * 2 ** 32 + lo;
  }

  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.buf.slice(this.off, this.off + n);
    this.off += n;
    return out;
  }

  // Like bytes() but a view into the input, not a copy: for fields used only while the input
  // itself is kept unchanged (the run's packets, which it also keeps for duplicate checks).
  view(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.buf.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }

  // A u32 length at most `max`, then the bytes.
  vbytes(max: number, field: string): Uint8Array {
    const n = this.u32(field);
    if (n > max) throw malformed(`${this.what}: ${field} of ${n} bytes exceeds ${max}`);
    return this.bytes(n, field);
  }

  // A count at most `max` (read with `read`), e.g. members or parents.
  count(read: 'u8' | 'u16' | 'u32', min: number, max: number, field: string): number {
    const n = this[read](field);
    if (n < min || n > max) throw malformed(`${this.what}: ${field} ${n} outside ${min}..${max}`);
    return n;
  }

  get remaining(): number {
    return this.buf.length - this.off;
  }

  get offset(): number {
    return this.off;
  }

  end(): void {
    if (this.off !== this.buf.length) throw malformed(`${this.what}: ${this.buf.length - this.off} trailing bytes`);
  }
}
