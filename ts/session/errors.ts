// Errors of the session layer (runner and invites). Each is an SmmpError with a stable `code`.

import { SmmpError } from '../errors.js';

// An invite string that does not decode: wrong prefix, bad base64url, a checksum that does not
// match (a typo or a truncated copy), a bad field. `reason` says which, for the UI.
export type InviteErrorReason = 'prefix' | 'encoding' | 'checksum' | 'layout' | 'relay-url' | 'members' | 'member-key';

export class InvalidInviteError extends SmmpError {
  readonly reason: InviteErrorReason;
  constructor(reason: InviteErrorReason, message: string) {
    super('INVALID_INVITE', `invite: ${message}`);
    this.reason = reason;
  }
}

export type SessionErrorCode =
  | 'SESSION_CLOSED' // a command after stop(), or the session failed and stopped
  | 'STATE_MISMATCH' // the store holds a session of another identity, group or room
  | 'STATE_CORRUPT' // the stored session record does not decode
  | 'NO_GROUP' // the store is empty and no invite says which group to form
  | 'TRANSPORT_CLOSED'; // the relay connection closed for good (not by stop())

export class SessionError extends SmmpError {
  override readonly code: SessionErrorCode;
  constructor(code: SessionErrorCode, message: string) {
    super(code, message);
    this.code = code;
  }
}
