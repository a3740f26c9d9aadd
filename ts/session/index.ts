// Sessions (docs/API.md "Sessions"): the runner that wires the engine to a relay transport, a
// clock and a store; invites; the verified set.

export { Session, type SessionOptions, type SessionEvent, type SessionEventType, type AlarmKind, type MemberInfo } from './session.js';
export type { ChatMessage, MessageStatus } from './history.js';
export { createInvite, decodeInvite, encodeInvite, normalizeInvite, inviteMembers, INVITE_PREFIX, type Invite, type InviteKind } from './invite.js';
export { VerifiedSet } from './verified.js';
export { InvalidInviteError, SessionError, type InviteErrorReason, type SessionErrorCode } from './errors.js';
export type { Transport, TransportHandlers, TransportEvent, TransportStatus, RoomCursor, RoomPacket, HistoryGap, StateStore } from './ports.js';
