// Sleep and wake: while the page is hidden or the host says so, the chat
// stops polling and tells the server (the operator sees it); back awake, it
// fetches what arrived meanwhile and resends what waits.
import { backoffMs } from './api.js';
import { api, S } from './state.js';
import { outbox } from './send.js';
import { chatGone, poller } from './receive.js';

export function isSleeping() {
  return S.sleepReasons.size > 0;
}

// reason: 'hidden' (page hidden) or 'host' (Plauder('sleep') / the app went
// to the background). The chat sleeps while any reason holds.
export function setSleep(reason, on) {
  const was = isSleeping();
  if (on) S.sleepReasons.add(reason);
  else S.sleepReasons.delete(reason);
  const now = isSleeping();
  if (was === now || !S.chat || S.ended) return;
  if (now) {
    poller.stop();
  } else {
    // Back: fetch what arrived meanwhile at once, resend what waits.
    poller.start();
    outbox.retryNow();
  }
  syncSleep();
}

let sleepBusy = false;
let sleepAttempt = 0;

export async function syncSleep() {
  if (!S.chat || S.ended || sleepBusy) return;
  const want = isSleeping();
  if (S.sleepSent === want) return;
  sleepBusy = true;
  let ok = false;
  try {
    await api.sleep(want);
    S.sleepSent = want;
    sleepAttempt = 0;
    ok = true;
  } catch (e) {
    if (e.transient) {
      setTimeout(syncSleep, backoffMs(sleepAttempt, e));
      sleepAttempt += 1;
    } else if (e.status === 404) {
      chatGone();
    }
  } finally {
    sleepBusy = false;
  }
  if (ok && S.sleepSent !== isSleeping()) syncSleep();
}

document.addEventListener('visibilitychange', () => {
  setSleep('hidden', document.visibilityState === 'hidden');
});

window.addEventListener('pagehide', () => {
  if (S.chat && !S.ended && S.sleepSent !== true) {
    api.sleepBeacon();
    S.sleepSent = true;
  }
});

window.addEventListener('pageshow', (ev) => {
  if (!ev.persisted) return;
  setSleep('hidden', document.visibilityState === 'hidden');
  if (S.chat && !S.ended && !isSleeping()) {
    poller.start();
    syncSleep();
  }
});

window.addEventListener('online', () => {
  poller.now();
  outbox.retryNow();
});
