// The chat itself, shared by the terminal chat and the browser page: it runs the commands a
// person types against one group session, and keeps what the screen shows (the pane's entries, a
// title, a status line, standing warnings). Runtime-agnostic: the host gives it the identity, the
// locked state store and a way to reach relays; the host draws and reads keys.
//
// One group per state store: a new group (/invite while in none, /join) replaces a group that
// was left, removed, or whose founding key agreement failed; its history goes with it.

import { toHex } from '../../ts/bytes.js';
import type { EngineOptions } from '../../ts/protocol/engine.js';
import type { Identity } from '../../ts/protocol/identity.js';
import { safetyNumber } from '../../ts/protocol/keyschedule.js';
import {
  createInvite,
  decodeInvite,
  encodeInvite,
  Session,
  type ChatMessage,
  type Invite,
  type SessionEvent,
  type StateStore,
  type Transport,
  type TransportEvent,
} from '../../ts/session/index.js';
import { HELP, parseLine, type Command } from './commands.js';
import { DeferredTransport } from './deferred-transport.js';
import { ChatError } from './errors.js';
import { type Entry, type NoteLevel } from './format.js';
import { keyText, parseKey, resolveMember, shortName } from './names.js';

export interface ChatHost {
  identity: Identity;
  // The member's state store, locked by the host for as long as the chat runs.
  store: StateStore;
  // A connection to the relay a group's invite names (undefined: the invite names none).
  connect(relayUrl: string | undefined): Promise<Transport>;
  // The relay to name in the invite of a new group (the host may start one).
  relayForNewGroup(): Promise<string | undefined>;
  // Keeps an invite where the user can copy it from (a file); returns where, to tell the user.
  keepInvite?(text: string): Promise<string | undefined>;
  engine?: EngineOptions;
  tickMs?: number;
  now?: () => number;
}

export interface ChatView {
  title: string; // where the group stands
  status: string; // a key agreement in progress, or the connection
  warnings: string[]; // standing warnings: divergence, unverified members
}

// Entries kept for display; older ones scroll away for good.
const MAX_ENTRIES = 2000;
// A run's rounds, in words (PROTOCOL.md "Group key agreement").
const PHASES: Record<string, string> = {
  hello: 'round 1 of 3 (hello)',
  key: 'round 2 of 3 (keys)',
  confirm: 'round 3 of 3 (confirm)',
  established: 'established',
  aborted: 'aborted',
};

export class ChatController {
  readonly entries: Entry[] = [];
  // Called after anything shown changed; the host redraws.
  onChange: () => void = () => {};
  private session: Session | undefined;
  private shown = new Set<string>(); // message keys in `entries`
  private progress: string | undefined;
  private connection = 'not connected';
  private divergence = false;
  private aborted = false;
  private unsubscribe: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly host: ChatHost) {
    this.now = host.now ?? Date.now;
  }

  get current(): Session | undefined {
    return this.session;
  }

  // Resumes the group in the store, if there is one.
  async start(): Promise<void> {
    const saved = await this.host.store.load();
    if (saved === undefined) {
      this.note('info', 'no group yet. Your identity key (give it to whoever invites you):');
      this.note('code', keyText(this.host.identity.publicKey));
      this.note('info', 'start a group with /invite THEIR-KEY, or join one with /join INVITE (/help lists the commands)');
      return;
    }
    saved.fill(0);
    await this.open(undefined);
    const s = this.session;
    if (s !== undefined) this.note('info', `group resumed from the store (${s.messages.length} messages kept); catching up with the relay`);
    if (s?.memberState === 'left' || s?.memberState === 'removed') this.note('warn', `you are no longer in this group (${s.memberState}): /invite or /join starts another`);
  }

  async stop(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.unsubscribe.forEach((u) => u());
    this.unsubscribe = [];
    await s?.stop();
  }

  // Runs one typed line. Errors become notes; resolves to 'quit' when the user asked to.
  async run(line: string): Promise<'quit' | undefined> {
    let cmd: Command | undefined;
    try {
      cmd = parseLine(line);
      if (cmd === undefined) return undefined;
      if (cmd.kind === 'quit') return 'quit';
      await this.execute(cmd);
    } catch (e) {
      this.note('warn', describe(e));
    }
    return undefined;
  }

  view(): ChatView {
    const s = this.session;
    const warnings: string[] = [];
    if (this.divergence) warnings.push('TRANSCRIPT DIVERGENCE: members saw different messages (see the alarms)');
    let title: string;
    if (s === undefined) title = 'no group';
    else if (s.memberState === 'joining') title = 'joining a group';
    else if (s.memberState === 'left') title = 'you left this group';
    else if (s.memberState === 'removed') title = 'you were removed from this group';
    else if (s.isActive) title = `group of ${s.members.length}, code ${s.groupCode}`;
    else title = this.aborted ? 'the group could not be formed' : 'forming the group';
    if (s?.memberState === 'member') {
      const unverified = s.unverified;
      if (unverified.length > 0) warnings.push(`unverified: ${unverified.map((m) => shortName(m.key)).join(' ')}`);
    }
    return { title, status: this.progress ?? this.connection, warnings };
  }

  // --- Commands ----------------------------------------------------------------------------

  private async execute(cmd: Exclude<Command, { kind: 'quit' }>): Promise<void> {
    switch (cmd.kind) {
      case 'say':
        return this.say(cmd.text);
      case 'invite':
        return this.invite(cmd.keys.map(parseKey));
      case 'join':
        return this.join(cmd.invite);
      case 'members':
        return this.listMembers();
      case 'verify':
      case 'unverify': {
        const s = this.need();
        const m = resolveMember(s.members, cmd.who);
        if (m.self) throw new ChatError('BAD_ARGUMENTS', 'that is you: compare your safety number with the others instead');
        await (cmd.kind === 'verify' ? s.verify(m.key) : s.unverify(m.key));
        this.note('info', `${shortName(m.key)} marked ${cmd.kind === 'verify' ? 'verified' : 'unverified'}`);
        return;
      }
      case 'leave':
        await this.needMember().leave();
        return;
      case 'rekey':
        await this.needMember().refresh();
        this.note('info', 'rekey proposed: a new key agreement with the same members starts');
        return;
      case 'id':
        this.note('info', 'your identity key (give it to whoever invites you):');
        this.note('code', keyText(this.host.identity.publicKey));
        this.note('info', `your safety number: ${safetyNumber(this.host.identity.publicKey)}`);
        return;
      case 'help':
        for (const line of HELP) this.note('info', line);
        return;
    }
  }

  private async say(text: string): Promise<void> {
    const s = this.needMember();
    const m = await s.send(text);
    this.show(m);
  }

  // A new group with these members, or (in a group) a proposal to add them.
  private async invite(keys: Uint8Array[]): Promise<void> {
    const self = toHex(this.host.identity.publicKey);
    if (keys.some((k) => toHex(k) === self)) throw new ChatError('BAD_ARGUMENTS', 'that is your own key: invite the others');
    const s = this.session;
    if (s === undefined || this.groupIsOver(s)) {
      const relayUrl = await this.host.relayForNewGroup();
      const invite = createInvite({ members: [this.host.identity.publicKey, ...keys], ...(relayUrl === undefined ? {} : { relayUrl }) });
      await this.replace(invite);
      await this.tellInvite(`new group with ${keys.map(shortName).join(' ')}; give them this invite (they type /join and paste it):`, encodeInvite(invite));
      return;
    }
    if (s.memberState !== 'member') throw new ChatError('NOT_READY', 'you are not a member of this group yet: wait for the key agreement');
    await s.add(keys);
    await this.tellInvite(`proposed adding ${keys.map(shortName).join(' ')}; give them this invite (they type /join and paste it within a minute):`, s.invite(keys));
  }

  private async tellInvite(intro: string, text: string): Promise<void> {
    this.note('info', intro);
    this.note('code', text);
    const where = await this.host.keepInvite?.(text).catch(() => undefined);
    if (where !== undefined) this.note('info', `(also saved in ${where})`);
  }

  private async join(text: string): Promise<void> {
    const invite = decodeInvite(text);
    const self = toHex(this.host.identity.publicKey);
    if (!invite.members.some((k) => toHex(k) === self)) {
      throw new ChatError('NOT_LISTED', `this invite does not name you: give the inviter your key (/id), ${keyText(this.host.identity.publicKey).slice(0, 12)}...`);
    }
    const s = this.session;
    if (s !== undefined && !this.groupIsOver(s)) throw new ChatError('IN_GROUP', 'you are in a group already: /leave it first (or run another chat with its own data)');
    await this.replace(invite);
    const others = invite.members.filter((k) => toHex(k) !== self).map(shortName);
    this.note('info', `${invite.kind === 'join' ? 'joining a group' : 'forming a group'} with ${others.join(' ')}${invite.relayUrl ? ` through ${invite.relayUrl}` : ''}`);
  }

  private listMembers(): void {
    const s = this.need();
    const digest = s.digest;
    this.note('info', `members (${s.members.length})${s.groupCode ? `, group code ${s.groupCode}` : ''}${digest ? `, digest ${digest.slice(0, 16)}` : ''}:`);
    s.members.forEach((m, i) => {
      const mark = m.self ? 'you' : m.verified ? 'verified' : 'UNVERIFIED';
      this.note(m.self || m.verified ? 'info' : 'warn', `${String(i + 1).padStart(2)} ${shortName(m.key)}  ${m.safetyNumber}  ${mark}`);
    });
    if (s.unverified.length > 0) this.note('info', 'compare safety numbers with each member (in person, or on a call), then /verify N');
  }

  // A group is over when this member is out of it, or its founding key agreement failed.
  private groupIsOver(s: Session): boolean {
    return s.memberState === 'left' || s.memberState === 'removed' || (this.aborted && s.epochId === undefined);
  }

  private need(): Session {
    if (this.session === undefined) throw new ChatError('NO_GROUP', 'no group yet: /invite KEY starts one, /join INVITE joins one');
    return this.session;
  }

  private needMember(): Session {
    const s = this.need();
    if (s.memberState === 'joining') throw new ChatError('NOT_READY', 'not in the group yet: waiting for the key agreement that adds you');
    if (s.memberState !== 'member') throw new ChatError('NO_GROUP', `you are no longer in this group (${s.memberState}): /invite or /join starts another`);
    return s;
  }

  // --- Sessions ----------------------------------------------------------------------------

  private async replace(invite: Invite): Promise<void> {
    if (this.session !== undefined) {
      await this.stop();
      this.note('info', '-- a new group --');
    }
    this.progress = undefined;
    this.divergence = false;
    this.aborted = false;
    await this.open(invite);
  }

  // Opens the group in the store (no invite) or forms the invite's group over whatever the
  // store held (the previous group is over).
  private async open(invite: Invite | undefined): Promise<void> {
    const held = this.host.store;
    const store: StateStore = invite === undefined ? { load: () => held.load(), save: (b) => held.save(b) } : { load: async () => undefined, save: (b) => held.save(b) };
    let session: Session | undefined;
    const transport = new DeferredTransport(() => this.host.connect(session?.relayUrl));
    session = new Session({
      identity: this.host.identity,
      transport,
      store,
      ...(invite === undefined ? {} : { invite }),
      ...(this.host.engine === undefined ? {} : { engine: this.host.engine }),
      ...(this.host.tickMs === undefined ? {} : { tickMs: this.host.tickMs }),
      now: this.now,
    });
    this.listen(session);
    try {
      await session.start();
    } catch (e) {
      this.unsubscribe.forEach((u) => u());
      this.unsubscribe = [];
      throw e;
    }
    this.session = session;
    for (const m of session.messages) this.show(m, false);
    this.changed();
  }

  private listen(s: Session): void {
    const on = <K extends SessionEvent['type']>(type: K, f: (e: Extract<SessionEvent, { type: K }>) => void): void => {
      this.unsubscribe.push(
        s.on(type, (e) => {
          f(e);
          this.changed();
        }),
      );
    };
    on('progress', (e) => {
      const waiting = e.waitingFor.length > 0 ? `, waiting for ${e.waitingFor.map(shortName).join(' ')}` : '';
      this.progress = `key agreement: ${PHASES[e.phase] ?? e.phase}${waiting}`;
    });
    on('established', () => (this.progress = 'key agreement done: waiting for every member to confirm'));
    on('active', (e) => {
      this.progress = undefined;
      this.aborted = false;
      this.note('info', `group active: ${e.members.length} members, group code ${e.groupCode}`);
      const unverified = this.session?.unverified ?? s.unverified;
      if (unverified.length > 0) this.note('warn', `unverified: ${unverified.map((m) => shortName(m.key)).join(' ')}; compare safety numbers (/members), then /verify`);
    });
    on('message', (e) => this.show(e.message));
    on('status', (e) => this.show(e.message));
    on('alarm', (e) => {
      const who = e.members.length > 0 ? ` (${e.members.map(shortName).join(' ')})` : '';
      switch (e.kind) {
        case 'divergence':
          this.divergence = true;
          return this.note('alarm', `DIVERGENCE${who}: ${e.message}`);
        case 'aborted':
          this.progress = undefined;
          this.aborted = true;
          return this.note('alarm', `key agreement failed${who}: ${e.message}`);
        case 'blame':
          return this.note('alarm', `key agreement failed, blamed${who}: ${e.message}`);
        case 'gap':
          return this.note('alarm', `messages lost${who}: ${e.message}`);
        case 'rolled-back':
          return this.note('alarm', `this state was rolled back: ${e.message}`);
        case 'rejected':
          return this.note('warn', `a packet was refused${who}: ${e.message}`);
      }
    });
    on('proposal', (e) => {
      const before = new Set(s.members.map((m) => toHex(m.key)));
      const added = e.members.filter((k) => !before.has(toHex(k)));
      const after = new Set(e.members.map(toHex));
      const removed = s.members.filter((m) => !after.has(toHex(m.key))).map((m) => m.key);
      const what = e.op === 'refresh' ? 'rekeys the group' : e.op === 'add' ? `adds ${added.map(shortName).join(' ')}` : `removes ${removed.map(shortName).join(' ')}`;
      this.note('info', `${toHex(e.by) === toHex(this.host.identity.publicKey) ? 'you' : shortName(e.by)} ${what}: a new key agreement starts`);
    });
    on('dropped', (e) => this.note('warn', `${e.members.map(shortName).join(' ')} did not take part in the key agreement in time and are out of the group`));
    on('member-left', (e) => this.note('info', `${shortName(e.member)} left the group`));
    on('left', () => {
      this.progress = undefined;
      this.note('warn', 'you left the group: /invite or /join starts another');
    });
    on('removed', () => {
      this.progress = undefined;
      this.note('warn', 'you were removed from the group: /invite or /join starts another');
    });
    on('connection', (e) => (this.connection = connectionText(e.event)));
    on('gap', (e) => this.note('warn', e.gap.kind === 'reset' ? 'the relay lost this room (restarted?): messages sent meanwhile may be missing' : 'the relay no longer held part of this room: some old packets are gone'));
    on('closed', (e) => {
      if (e.error !== undefined) this.note('alarm', `the session stopped: ${e.error.message}`);
    });
  }

  private show(m: ChatMessage, notify = true): void {
    if (!this.shown.has(m.key)) {
      this.shown.add(m.key);
      this.push({ kind: 'message', message: m });
    }
    if (notify) this.changed();
  }

  note(level: NoteLevel | 'code', text: string): void {
    this.push(level === 'code' ? { kind: 'note', level: 'info', text, at: this.now(), code: true } : { kind: 'note', level, text, at: this.now() });
    this.changed();
  }

  private push(e: Entry): void {
    this.entries.push(e);
    if (this.entries.length > MAX_ENTRIES) {
      for (const old of this.entries.splice(0, this.entries.length - MAX_ENTRIES)) if (old.kind === 'message') this.shown.delete(old.message.key);
    }
  }

  private changed(): void {
    try {
      this.onChange();
    } catch {
      // A drawing failure must not break the chat's state; the next change draws again.
    }
  }
}

function connectionText(e: TransportEvent): string {
  switch (e.status) {
    case 'connecting':
      return `connecting${e.url ? ` to ${e.url}` : ''}${e.attempt > 0 ? ` (attempt ${e.attempt + 1})` : ''}`;
    case 'open':
      return 'connected, catching up';
    case 'caught-up':
      return 'online';
    case 'disconnected':
      return `disconnected (${e.reason || e.code}), retrying in ${Math.ceil(e.retryInMs / 1000)} s`;
    case 'closed':
      return `connection closed${e.error ? `: ${e.error.message}` : e.reason ? `: ${e.reason}` : ''}`;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
