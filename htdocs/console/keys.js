// Keyboard shortcuts of the console: one table, used both by the key
// handler and by the help dialog (and described in docs/JS-API.md).
//
// Alt + a letter (Option on a Mac), matched by the physical key
// (KeyboardEvent.code), so they work with any keyboard layout and also
// while the message box has the focus. Letters the browsers use with Alt
// themselves (F, E, D, V, S, B, T, H) are avoided.

export const SHORTCUTS = [
  { code: 'KeyN', alt: true, action: 'next', keys: 'Alt+N', help: 'key_next' },
  { code: 'KeyP', alt: true, action: 'prev', keys: 'Alt+P', help: 'key_prev' },
  { code: 'KeyA', alt: true, action: 'accept', keys: 'Alt+A', help: 'key_accept' },
  { code: 'KeyC', alt: true, action: 'close', keys: 'Alt+C', help: 'key_close' },
  { code: 'KeyR', alt: true, action: 'transfer', keys: 'Alt+R', help: 'key_transfer' },
  { code: 'KeyK', alt: true, action: 'canned', keys: 'Alt+K', help: 'key_canned' },
  { code: 'KeyM', alt: true, action: 'compose', keys: 'Alt+M', help: 'key_compose' },
  { code: 'KeyQ', alt: true, action: 'queue', keys: 'Alt+Q', help: 'key_queue' },
  { code: 'Slash', alt: true, action: 'help', keys: 'Alt+/', help: 'key_help' },
];

// Keys that are not shortcuts of their own but worth knowing (help only).
export const OTHER_KEYS = [
  { keys: 'Enter', help: 'key_enter' },
  { keys: 'Shift+Enter', help: 'key_shift_enter' },
  { keys: '/', help: 'key_slash' },
  { keys: '← →', help: 'key_arrows' },
  { keys: 'Esc', help: 'key_esc' },
];

export function matchShortcut(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.isComposing) return null;
  for (const s of SHORTCUTS) {
    if (s.alt && !ev.altKey) continue;
    if (!s.alt && ev.altKey) continue;
    if (ev.shiftKey && s.code !== 'Slash') continue;
    if (ev.code === s.code) return s.action;
  }
  // "?" outside a text field opens the help as well.
  return null;
}
