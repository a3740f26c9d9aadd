// The plaintext body of a data packet (PROTOCOL.md "Data messages: body"): content kind,
// parents, content, healing section, then zero padding up to a length bucket so that the
// ciphertext length reveals only the bucket (256 * 2^k bytes).

import { Reader, Writer } from '../bytes-codec.js';
import { malformed } from '../errors.js';
import { MAX_BODY, MAX_MEMBERS } from '../packets.js';

// Ack: empty, acknowledges its parents. NewEpoch: the first message of an epoch (content: the
// sender's end of the previous epoch). Proposal: a membership change (content: the proposal).
// Leave: the sender's last message before it leaves (empty). PadRequest: asks a sender for a
// fresh pad of one healing message (content: sender u16, seq u32).
// SigningKey: the sender's signing key of a closed epoch, published for deniability (content:
// epoch id [16] | Ed25519 seed [32]), only with the publishSigningKeys option.
export const ContentKind = { Ack: 0, Application: 1, NewEpoch: 2, Proposal: 3, Leave: 4, PadRequest: 5, SigningKey: 6 } as const;
export type ContentKindValue = (typeof ContentKind)[keyof typeof ContentKind];

export const MAX_PARENTS = 64;
export const ID_LENGTH = 32;
// The healing section at its largest: flag, R', commitment, pad count, a (generation, pad) per
// other member.
const MAX_HEALING = 1 + 32 + 32 + 2 + (MAX_MEMBERS - 1) * 36;
// Everything but the content: kind, parent count and parents, content length, healing section.
const OVERHEAD = 1 + 1 + MAX_PARENTS * ID_LENGTH + 4 + MAX_HEALING;
export const MAX_CONTENT = MAX_BODY - OVERHEAD;

// A healing section (PROTOCOL.md "Healing"): the sender's new ratchet key, the commitment to
// its seed, and the seed padded to each other member (index order, sender skipped).
export interface Healing {
  R: Uint8Array;
  commit: Uint8Array;
  pads: { gen: number; pad: Uint8Array }[];
}

export interface Body {
  kind: ContentKindValue;
  parents: Uint8Array[]; // ids of the newest messages the sender had processed
  content: Uint8Array;
  healing?: Healing;
}

export function bucket(length: number): number {
  let b = 256;
  while (b < length) b *= 2;
  return b;
}

export function encodeBody(b: Body): Uint8Array {
  if (b.parents.length > MAX_PARENTS) throw malformed(`at most ${MAX_PARENTS} parents`);
  if (b.content.length > MAX_CONTENT) throw malformed(`content of ${b.content.length} bytes exceeds ${MAX_CONTENT}`);
  const h = b.healing;
  const w = new Writer(bucket(2 + b.parents.length * ID_LENGTH + 4 + b.content.length + 1 + (h ? 66 + 36 * h.pads.length : 0)));
  w.u8(b.kind).u8(b.parents.length);
  for (const p of b.parents) w.bytes(p);
  w.vbytes(b.content).u8(h ? 1 : 0);
  if (h) {
    w.bytes(h.R).bytes(h.commit).u16(h.pads.length);
    for (const p of h.pads) w.u32(p.gen).bytes(p.pad);
  }
  return w.zeros(bucket(w.length) - w.length).finish();
}

export function decodeBody(bytes: Uint8Array): Body {
  if (bytes.length !== bucket(bytes.length)) throw malformed(`body of ${bytes.length} bytes is not a padding bucket`);
  const r = new Reader(bytes, 'body');
  const kind = r.u8('content kind');
  if (!Object.values(ContentKind).includes(kind as ContentKindValue)) throw malformed(`unknown content kind ${kind}`);
  const n = r.count('u8', 0, MAX_PARENTS, 'parent count');
  const parents: Uint8Array[] = [];
  for (let i = 0; i < n; i++) parents.push(r.bytes(ID_LENGTH, 'parent'));
  const content = r.vbytes(MAX_CONTENT, 'content');
  const flag = r.u8('healing flag');
  if (flag > 1) throw malformed(`unknown healing flag ${flag}`);
  let healing: Healing | undefined;
  if (flag === 1) {
    const R = r.bytes(32, 'ratchet key');
    const commit = r.bytes(32, 'seed commitment');
    const count = r.count('u16', 1, MAX_MEMBERS - 1, 'pad count');
    const pads = Array.from({ length: count }, () => ({ gen: r.u32('generation'), pad: r.bytes(32, 'pad') }));
    healing = { R, commit, pads };
  }
  const padding = r.bytes(r.remaining, 'padding');
  if (padding.some((x) => x !== 0)) throw malformed('nonzero padding');
  r.end();
  return healing ? { kind: kind as ContentKindValue, parents, content, healing } : { kind: kind as ContentKindValue, parents, content };
}
