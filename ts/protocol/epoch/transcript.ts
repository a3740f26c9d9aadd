// The transcript of an epoch as one member has seen it (PROTOCOL.md "Transcript"): a DAG of
// message ids through each message's parents, its heads, the conversation digest, and who has
// acknowledged what.
//
// Each delivered message gets a vector clock: vc[k] = 1 + the highest sequence number of member k
// that the message descends from (0: none). A message descends from (j, s) iff its vc[j] > s, so
// "member k has acknowledged (j, s)" is latest[k][j] > s, where latest[k] is the vc of k's newest
// delivered message. A message is fully acknowledged when every member but its sender has.

import { fromHex, toHex } from '../../bytes.js';
import { hash } from '../keyschedule.js';
import { compareBytes } from '../roster.js';

// Delivered messages whose ids and clocks are remembered, per sender: parents older than this
// are taken as delivered (per-sender order guarantees a sender's older messages were).
export const CLOCK_WINDOW = 256;

interface Known {
  sender: number;
  seq: number;
  kind: number; // content kind
  vc: Uint32Array;
}

export class Transcript {
  private readonly heads = new Map<string, Uint8Array>();
  private readonly known = new Map<string, Known>();
  private readonly order: string[][]; // per sender, ids in delivery order (pruned to the window)
  private readonly bySeq: Map<number, string>[]; // per sender: seq -> id, same window
  readonly latest: Uint32Array[]; // per member: vc of its newest delivered message

  constructor(readonly n: number) {
    this.order = Array.from({ length: n }, () => []);
    this.bySeq = Array.from({ length: n }, () => new Map());
    this.latest = Array.from({ length: n }, () => new Uint32Array(n));
  }

  // Parents for this member's next message: the current heads, sorted.
  parents(): Uint8Array[] {
    return [...this.heads.values()].sort(compareBytes).map((h) => h.slice());
  }

  // Whether every parent has been delivered here. (A parent older than the window would wait
  // for ever; heads are never pruned, so only a member more than CLOCK_WINDOW messages of one
  // sender behind can name one.)
  parentsKnown(parents: readonly Uint8Array[]): boolean {
    return parents.every((p) => this.known.has(toHex(p)));
  }

  // Records a delivered message (own ones too, when sent). Parents must be known.
  deliver(sender: number, seq: number, kind: number, id: Uint8Array, parents: readonly Uint8Array[]): void {
    const vc = new Uint32Array(this.n);
    for (const p of parents) {
      const k = this.known.get(toHex(p));
      if (k === undefined) continue;
      for (let i = 0; i < this.n; i++) vc[i] = Math.max(vc[i]!, k.vc[i]!);
      this.heads.delete(toHex(p));
    }
    vc[sender] = seq + 1;
    const hex = toHex(id);
    this.remember(hex, { sender, seq, kind, vc }, true);
    this.latest[sender] = vc;
  }

  private remember(hex: string, k: Known, head: boolean): void {
    this.known.set(hex, k);
    if (head) this.heads.set(hex, fromHex(hex));
    this.bySeq[k.sender]!.set(k.seq, hex);
    const ids = this.order[k.sender]!;
    ids.push(hex);
    if (ids.length > CLOCK_WINDOW) {
      const old = ids.shift()!;
      const o = this.known.get(old);
      if (o) this.bySeq[o.sender]!.delete(o.seq);
      // A head is kept even when old: it is what the next message names.
      if (!this.heads.has(old)) this.known.delete(old);
    }
  }

  // The content kind of a remembered message, by sender and sequence number.
  kindOf(sender: number, seq: number): number | undefined {
    const hex = this.bySeq[sender]!.get(seq);
    return hex === undefined ? undefined : this.known.get(hex)?.kind;
  }

  // Members other than the sender that have not yet acknowledged (sender, seq).
  missingAcks(sender: number, seq: number): number[] {
    const out: number[] = [];
    for (let k = 0; k < this.n; k++) if (k !== sender && this.latest[k]![sender]! <= seq) out.push(k);
    return out;
  }

  // H(sorted heads): equal digests mean equal transcripts (ids commit to content).
  digest(): Uint8Array {
    return hash('digest', ...this.parents());
  }

  // For saving: the heads and the remembered clocks.
  entries(): { id: Uint8Array; sender: number; seq: number; kind: number; vc: Uint32Array; head: boolean }[] {
    const out = [];
    for (const ids of this.order) {
      for (const hex of ids) {
        const k = this.known.get(hex);
        if (k) out.push({ id: fromHex(hex), ...k, head: this.heads.has(hex) });
      }
    }
    return out;
  }

  restore(entries: readonly { id: Uint8Array; sender: number; seq: number; kind: number; vc: Uint32Array; head: boolean }[], latest: readonly Uint32Array[]): void {
    for (const e of entries) this.remember(toHex(e.id), { sender: e.sender, seq: e.seq, kind: e.kind, vc: e.vc }, e.head);
    latest.forEach((vc, k) => (this.latest[k] = vc));
  }
}
