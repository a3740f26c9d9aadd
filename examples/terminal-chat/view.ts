// From the chat's state to what the screen draws: entries become pane lines with a style, and
// every text that can carry someone else's bytes (messages, relay reasons) is made safe.

import type { ChatController } from '../chat-core/controller.js';
import { entryText, sanitize, type Entry } from '../chat-core/format.js';
import type { LineEditor } from './line-editor.js';
import type { PaneLine, ScreenModel } from './screen.js';

export function paneLine(e: Entry): PaneLine {
  const text = sanitize(entryText(e));
  if (e.kind === 'message') return { text, style: e.message.own ? 'own' : 'message' };
  if (e.code === true) return { text, style: 'code' };
  return { text, style: e.level === 'info' ? 'note' : e.level };
}

export function screenModel(chat: ChatController, editor: LineEditor, scroll: number): ScreenModel {
  const v = chat.view();
  return {
    title: sanitize(v.title),
    status: sanitize(v.status),
    warnings: v.warnings.map(sanitize),
    lines: chat.entries.map(paneLine),
    input: editor.codePoints,
    cursor: editor.cursor,
    scroll,
  };
}
