// The chats' pure parts: reading typed lines, naming members, showing statuses, and keeping
// other members' text from driving the terminal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import './support/core.js';
import { parseLine } from '../examples/chat-core/commands.js';
import { ChatError } from '../examples/chat-core/errors.js';
import { entryText, sanitize, statusText } from '../examples/chat-core/format.js';
import { keyText, parseKey, resolveMember, shortName } from '../examples/chat-core/names.js';
import { generateIdentity, safetyNumber } from '../ts/protocol/identity.js';
import type { ChatMessage, MemberInfo } from '../ts/session/index.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ChatError, `expected a ChatError, got ${String(e)}`);
    return e.code;
  }
  return 'no error';
};

test('chat commands: messages, slash commands, aliases and arguments', () => {
  assert.equal(parseLine(''), undefined);
  assert.equal(parseLine('   '), undefined);
  assert.deepEqual(parseLine('hello /there'), { kind: 'say', text: 'hello /there' });
  assert.deepEqual(parseLine('//shrug'), { kind: 'say', text: '/shrug' });
  assert.deepEqual(parseLine('/members'), { kind: 'members' });
  assert.deepEqual(parseLine('/WHO'), { kind: 'members' });
  assert.deepEqual(parseLine('/refresh'), { kind: 'rekey' });
  assert.deepEqual(parseLine('/invite aa bb'), { kind: 'invite', keys: ['aa', 'bb'] });
  // An invite pasted in pieces is one invite.
  assert.deepEqual(parseLine('/join smmp1:abc def\n'), { kind: 'join', invite: 'smmp1:abcdef' });
  assert.deepEqual(parseLine('/verify #12345'), { kind: 'verify', who: '#12345' });
  assert.equal(code(() => parseLine('/frobnicate')), 'UNKNOWN_COMMAND');
  assert.equal(code(() => parseLine('/invite')), 'BAD_ARGUMENTS');
  assert.equal(code(() => parseLine('/join')), 'BAD_ARGUMENTS');
  assert.equal(code(() => parseLine('/verify 1 2')), 'BAD_ARGUMENTS');
  assert.equal(code(() => parseLine('/quit now')), 'BAD_ARGUMENTS');
});

test('chat names: keys as hex, members by number or safety-number prefix', () => {
  const ids = [generateIdentity(), generateIdentity(), generateIdentity()];
  const key = ids[0]!.publicKey;
  assert.deepEqual(parseKey(keyText(key)), key);
  assert.deepEqual(parseKey(` ${keyText(key).toUpperCase().replace(/(..)/g, '$1:')} `), key);
  assert.equal(code(() => parseKey('abc')), 'BAD_KEY');
  assert.equal(code(() => parseKey('ff'.repeat(32))), 'BAD_KEY'); // not canonical
  assert.equal(shortName(key), `#${safetyNumber(key).slice(0, 5)}`);

  const members: MemberInfo[] = ids.map((i, n) => ({ key: i.publicKey, safetyNumber: safetyNumber(i.publicKey), self: n === 0, verified: n === 0 }));
  assert.equal(resolveMember(members, '2'), members[1]);
  assert.equal(resolveMember(members, shortName(ids[2]!.publicKey)), members[2]);
  assert.equal(resolveMember(members, members[1]!.safetyNumber.slice(0, 11)), members[1]);
  assert.equal(code(() => resolveMember(members, '4')), 'UNKNOWN_MEMBER');
  assert.equal(code(() => resolveMember(members, '#12')), 'UNKNOWN_MEMBER');
  const twins: MemberInfo[] = [
    { ...members[1]!, safetyNumber: '12345 00000 00000 00000 00000 00000' },
    { ...members[2]!, safetyNumber: '12345 11111 00000 00000 00000 00000' },
  ];
  assert.equal(code(() => resolveMember(twins, '#12345')), 'AMBIGUOUS_MEMBER');
  assert.equal(resolveMember(twins, '12345 1'), twins[1]);
});

test('chat format: statuses, and escapes from other members shown harmless', () => {
  const other = generateIdentity().publicKey;
  const m: ChatMessage = { key: 'own:0', id: undefined, own: true, from: other, content: new Uint8Array(0), text: 'hi', at: 0, status: 'queued', missing: [] };
  assert.equal(statusText(m), 'queued');
  assert.equal(statusText({ ...m, status: 'sent' }), 'sent');
  assert.equal(statusText({ ...m, status: 'delivered' }), 'delivered to all');
  assert.equal(statusText({ ...m, status: 'unacknowledged', missing: [other] }), `not acknowledged by ${shortName(other)}`);
  assert.match(entryText({ kind: 'message', message: { ...m, status: 'sent' } }), /^\d\d:\d\d you: hi \[sent\]$/);

  const evil = 'a\x1b[2J\x1b]0;owned\x07b\r\nc\u202eabc\x9bd\x7f';
  const clean = sanitize(evil);
  assert.doesNotMatch(clean, /[\x00-\x1f\x7f-\x9f\u202e]/);
  const line = entryText({ kind: 'message', message: { ...m, own: false, status: 'received', text: evil } });
  assert.doesNotMatch(line, /[\x00-\x1f\x7f-\x9f]/);
  assert.ok(line.startsWith(`${line.slice(0, 5)} ${shortName(other)}: a\ufffd[2J`));
});
