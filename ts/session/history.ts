// What the app shows: the conversation as the session saw it, each own message with its status.
// It is saved with the engine state in one record, so after a restart the app shows the same
// messages once each: an event reaches the app only after the state that produced it is durable.

import { toHex } from '../bytes.js';
import type { GroupEvent } from '../protocol/events.js';

export type MessageStatus =
  | 'queued' // accepted, waits for the group to become active
  | 'sent' // published to the relay
  | 'delivered' // every other member has acknowledged it
  | 'unacknowledged' // still not acknowledged by `missing` after the engine's timeout
  | 'received'; // another member's message

export interface ChatMessage {
  key: string; // stable while the message is shown: `own:<n>` for own messages, else the id in hex
  id: string | undefined; // the message id in hex (an own message has one once sent)
  own: boolean;
  from: Uint8Array; // the sender's identity key
  content: Uint8Array;
  text: string; // content as UTF-8 (malformed sequences shown as U+FFFD)
  at: number; // local time it was sent or received (ms since the epoch)
  status: MessageStatus;
  missing: Uint8Array[]; // for 'unacknowledged': the members that have not acknowledged it
}

const decoder = new TextDecoder();

export class History {
  readonly messages: ChatMessage[];
  private readonly pendingIds: ChatMessage[]; // own, queued in the engine, in send order

  constructor(private readonly limit: number, messages: ChatMessage[] = [], public nextLocal = 0) {
    this.messages = messages;
    this.pendingIds = messages.filter((m) => m.own && m.id === undefined);
  }

  // An own message the engine accepted. It gets its id from the engine's next 'sent' event: the
  // engine sends queued messages in order, so the oldest waiting one is the one sent.
  addOwn(self: Uint8Array, content: Uint8Array, at: number): ChatMessage {
    const m: ChatMessage = { key: `own:${this.nextLocal++}`, id: undefined, own: true, from: self.slice(), content: content.slice(), text: decoder.decode(content), at, status: 'queued', missing: [] };
    this.push(m);
    this.pendingIds.push(m);
    return m;
  }

  // Applies engine events; returns, for each event about a message, the message it added or
  // changed (what the app is told).
  apply(events: readonly GroupEvent[], at: number): Map<GroupEvent, ChatMessage> {
    const touched = new Map<GroupEvent, ChatMessage>();
    for (const e of events) {
      if (e.type === 'message') {
        const id = toHex(e.id);
        const m: ChatMessage = { key: id, id, own: false, from: e.from, content: e.content, text: decoder.decode(e.content), at, status: 'received', missing: [] };
        this.push(m);
        touched.set(e, m);
      } else if (e.type === 'sent') {
        const m = this.pendingIds.shift();
        if (m === undefined) continue; // sent by an earlier instance whose record was lost: nothing to show
        m.id = toHex(e.id);
        m.status = 'sent';
        touched.set(e, m);
      } else if (e.type === 'acknowledged' || e.type === 'unacknowledged') {
        const m = this.findOwn(toHex(e.id));
        if (m === undefined) continue;
        // 'delivered' is final: a late 'unacknowledged' report never undoes it.
        if (e.type === 'acknowledged') {
          m.status = 'delivered';
          m.missing = [];
        } else if (m.status !== 'delivered') {
          m.status = 'unacknowledged';
          m.missing = e.missing;
        }
        touched.set(e, m);
      }
    }
    return touched;
  }

  private findOwn(id: string): ChatMessage | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.own && m.id === id) return m;
    }
    return undefined;
  }

  // Oldest first out; an own message still waiting for its id stays (its 'sent' event will come).
  private push(m: ChatMessage): void {
    this.messages.push(m);
    while (this.messages.length > this.limit) {
      const i = this.messages.findIndex((x) => !(x.own && x.id === undefined));
      if (i < 0) break;
      this.messages.splice(i, 1);
    }
  }
}
