// Errors of the example chats: a command the chat cannot carry out, said in words for the user.
// Each is an SmmpError with a stable `code`, so the terminal and the page show them alike.

import { SmmpError } from '../../ts/errors.js';

export type ChatErrorCode =
  | 'UNKNOWN_COMMAND' // a /word the chat does not know
  | 'BAD_ARGUMENTS' // a command with missing or extra arguments
  | 'BAD_KEY' // text that is not an identity key
  | 'NOT_LISTED' // an invite that does not name this member
  | 'NO_GROUP' // a command that needs a group, before there is one
  | 'IN_GROUP' // starting or joining a group while in one
  | 'NOT_READY' // a command the group cannot take yet (joining, or no active epoch)
  | 'UNKNOWN_MEMBER' // /verify names nobody in the group
  | 'AMBIGUOUS_MEMBER'; // /verify names more than one member

export class ChatError extends SmmpError {
  override readonly code: ChatErrorCode;
  constructor(code: ChatErrorCode, message: string) {
    super(code, message);
    this.code = code;
  }
}
