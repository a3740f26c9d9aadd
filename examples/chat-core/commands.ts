// What a line typed into a chat means: a message, or one of the slash commands. Pure: the
// terminal and the browser page parse the same way, and the tests call it directly.

import { ChatError } from './errors.js';

export type Command =
  | { kind: 'say'; text: string }
  | { kind: 'invite'; keys: string[] } // identity keys as typed (hex)
  | { kind: 'join'; invite: string }
  | { kind: 'members' }
  | { kind: 'verify'; who: string }
  | { kind: 'unverify'; who: string }
  | { kind: 'leave' }
  | { kind: 'rekey' }
  | { kind: 'id' }
  | { kind: 'help' }
  | { kind: 'quit' };

export const HELP: readonly string[] = [
  '/id                  your identity key and safety number (give the key to whoever invites you)',
  '/invite KEY...       start a group with these members, or add them to this group; prints the invite',
  '/join INVITE         join with an invite someone gave you',
  '/members             members, safety numbers, verified or not, group code and digest',
  '/verify N|#12345     mark a member verified once you have compared safety numbers (/unverify undoes)',
  '/rekey               a new key agreement with the same members (fresh keys)',
  '/leave               leave the group',
  '/quit                close the chat (the group and its history stay for the next start)',
  '//text               send a message that starts with a slash',
];

// Names each command takes, with its aliases.
const NAMES: Record<string, Command['kind']> = {
  id: 'id',
  whoami: 'id',
  invite: 'invite',
  add: 'invite',
  join: 'join',
  members: 'members',
  who: 'members',
  verify: 'verify',
  unverify: 'unverify',
  leave: 'leave',
  rekey: 'rekey',
  refresh: 'rekey',
  help: 'help',
  '?': 'help',
  quit: 'quit',
  exit: 'quit',
};

// undefined for a line with nothing to do (empty or blank). Throws ChatError for a command it
// cannot read, naming what is wrong.
export function parseLine(line: string): Command | undefined {
  const text = line.replace(/[\r\n]+$/, '');
  if (text.trim() === '') return undefined;
  if (!text.startsWith('/')) return { kind: 'say', text };
  if (text.startsWith('//')) return { kind: 'say', text: text.slice(1) };
  const [word = '', ...args] = text.slice(1).trim().split(/\s+/);
  const kind = NAMES[word.toLowerCase()];
  if (kind === undefined) throw new ChatError('UNKNOWN_COMMAND', `unknown command /${word} (/help lists them; //text sends text that starts with a slash)`);
  const none = (): void => {
    if (args.length > 0) throw new ChatError('BAD_ARGUMENTS', `/${word} takes no arguments`);
  };
  switch (kind) {
    case 'invite':
      if (args.length === 0) throw new ChatError('BAD_ARGUMENTS', `/${word} needs the identity key of each member to invite (they see theirs with /id)`);
      return { kind, keys: args };
    case 'join':
      // Pasted invites may arrive split over lines or with spaces: the pieces are one invite.
      if (args.length === 0) throw new ChatError('BAD_ARGUMENTS', '/join needs the invite (a text that starts with smmp1:)');
      return { kind, invite: args.join('') };
    case 'verify':
    case 'unverify':
      if (args.length !== 1) throw new ChatError('BAD_ARGUMENTS', `/${word} needs one member: its number in /members, or #12345 (the first digits of its safety number)`);
      return { kind, who: args[0]! };
    default:
      none();
      return { kind } as Command;
  }
}
