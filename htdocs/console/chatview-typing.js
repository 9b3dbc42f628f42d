// ChatView, typing: told to the visitor while the operator types (renewed
// every 5 s, stopped after 4 s without a key). Methods of ChatView
// (./chatview.js mixes them in).

const TYPING_RENEW_MS = 5000;
const TYPING_IDLE_MS = 4000;

export class TypingPart {
  typingInput() {
    if (!this.canWrite) return;
    if (this.input.value.trim() === '') {
      this.typingStop(true);
      return;
    }
    const now = Date.now();
    if (!this.typingOn || now - this.typingSentAt > TYPING_RENEW_MS) {
      this.typingOn = true;
      this.typingSentAt = now;
      this.ctx.api.typing(this.id, true).catch(() => {});
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.typingStop(true), TYPING_IDLE_MS);
  }

  typingStop(tell) {
    clearTimeout(this.typingTimer);
    if (!this.typingOn) return;
    this.typingOn = false;
    if (tell && this.canWrite) this.ctx.api.typing(this.id, false).catch(() => {});
  }
}
