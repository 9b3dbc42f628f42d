// Visitor data from the host page (Plauder('set', …)) and the page the
// visitor is on: kept, and told to the operator (POST chat/data) once a
// chat exists.
import { backoffMs } from './api.js';
import { api, S } from './state.js';
import { fieldInputs } from './start.js';

export function setVisitorData(v) {
  if (!v || typeof v !== 'object') return;
  const d = S.visitorData;
  if (typeof v.name === 'string') d.name = v.name.slice(0, 128);
  if (typeof v.email === 'string') d.email = v.email.slice(0, 254);
  if (v.data && typeof v.data === 'object' && !Array.isArray(v.data)) {
    for (const [k, val] of Object.entries(v.data)) {
      if (k.length === 0 || k.length > 64) continue;
      if (val === null) {
        delete d.data[k];
      } else if (typeof val === 'string') {
        d.data[k] = val.slice(0, 1024);
      } else if (typeof val === 'number' && Number.isFinite(val)) {
        d.data[k] = val;
      }
    }
    const keys = Object.keys(d.data);
    if (keys.length > 32) {
      console.warn('Plauder: at most 32 data members are kept');
      for (const k of keys.slice(32)) delete d.data[k];
    }
  }
  // Prefill empty query-form fields.
  for (const key of ['name', 'email']) {
    const input = fieldInputs.get(key);
    if (input && !input.value && d[key]) input.value = d[key];
  }
  S.dataDirty = true;
  flushData();
}

let dataBusy = false;
let dataAttempt = 0;

// Tells the operator what the page said (POST chat/data), once a chat exists.
export async function flushData() {
  if (!S.chat || S.ended || dataBusy) return;
  const payload = {};
  if (S.dataDirty) {
    const d = S.visitorData;
    if (d.name) payload.name = d.name;
    if (d.email) payload.email = d.email;
    if (Object.keys(d.data).length) payload.data = { ...d.data };
  }
  if (S.context.page && S.context.page !== S.sentPage) {
    payload.page = S.context.page.slice(0, 2048);
    if (S.context.title) payload.title = S.context.title.slice(0, 255);
  }
  if (!Object.keys(payload).length) {
    S.dataDirty = false;
    return;
  }
  dataBusy = true;
  const wasDirty = S.dataDirty;
  S.dataDirty = false;
  let again = false;
  try {
    await api.data(payload);
    if (payload.page) S.sentPage = payload.page;
    dataAttempt = 0;
    again = S.dataDirty;
  } catch (e) {
    if (wasDirty) S.dataDirty = true;
    if (e.transient) {
      setTimeout(flushData, backoffMs(dataAttempt, e));
      dataAttempt += 1;
    } else {
      console.warn('Plauder: chat/data refused', e.code, e.field ?? '', e.message);
    }
  } finally {
    dataBusy = false;
  }
  if (again) flushData();
}
