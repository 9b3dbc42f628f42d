// Visitor-facing texts of the chat app, German and English.
// Texts are plain strings: they are always inserted with textContent.
// {name}-style placeholders are filled by t().

const TEXTS = {
  en: {
    app_title: 'Live chat',
    language: 'Language',
    lang_de: 'Deutsch',
    lang_en: 'English',
    close_window: 'Close chat window',
    minimize: 'Minimise chat',
    loading: 'Loading the chat…',
    config_error: 'The chat cannot be loaded right now.',
    unknown_site: 'This chat is not set up.',
    retry_in: 'No connection to the chat server. Trying again in {s} s…',
    retry_now: 'Try again',
    start_heading: 'Chat with us',
    start_intro: 'Hello! How can we help you?',
    required_note: 'Fields marked * are required.',
    required_mark: '*',
    department: 'Topic',
    dept_offline: '{name} (offline)',
    start: 'Start chat',
    starting: 'Starting the chat…',
    privacy: 'Privacy',
    privacy_info: 'Privacy information',
    privacy_link_new_tab: 'Privacy policy (opens in a new tab)',
    close: 'Close',
    offline_now: 'No operator is available right now.',
    offline_placeholder: 'A contact form for leaving us a message will be offered here. Until then, please try again later.',
    offline_wait: 'Your chat stays open in case an operator becomes available.',
    status_waiting: 'Waiting for an operator…',
    status_active: 'You are chatting with {name}',
    status_active_anon: 'An operator is with you',
    status_closed: 'The chat has ended.',
    operator: 'Operator',
    you: 'You',
    typing: '{name} is typing…',
    msg_sending: 'Sending…',
    msg_sent: 'Sent',
    msg_retry: 'Not sent yet – will retry',
    msg_retry_in: 'Not sent yet – retrying in {s} s',
    msg_failed: 'Not sent: {reason}',
    message_label: 'Your message',
    compose_hint: 'Enter sends, Shift+Enter starts a new line.',
    compose_hint_touch: 'Use the send button to send.',
    send: 'Send',
    too_long: 'Your message is too long (at most {max} characters).',
    attach: 'Send a file',
    file_too_big: '“{name}” is too large (at most {max}).',
    file_type: '“{name}” cannot be sent: only {types} files are allowed.',
    file_label: 'File: {name} ({size})',
    image_alt: 'Image: {name}',
    menu: 'More options',
    transcript_text: 'Download the transcript (text)',
    transcript_html: 'Download the transcript (HTML)',
    transcript_mail: 'E-mail me the transcript',
    email_label: 'Your e-mail address',
    mail_send: 'Send transcript',
    mail_sending: 'Sending…',
    mail_sent: 'The transcript is on its way to {email}.',
    mail_failed: 'The e-mail could not be sent. Please try again.',
    mail_unconfigured: 'Sending the transcript by e-mail is not available.',
    mail_invalid: 'Please enter a valid e-mail address.',
    end_chat: 'End chat',
    end_confirm: 'Do you really want to end the chat?',
    end_yes: 'Yes, end the chat',
    cancel: 'Cancel',
    new_chat: 'Start a new chat',
    chat_gone: 'This chat is no longer available.',
    chat_closed_send: 'the chat has ended',
    connection_lost: 'Connection lost. Reconnecting…',
    connection_back: 'Connected again.',
    err_required: 'Please fill in this field.',
    err_invalid: 'Please check this field.',
    err_consent: 'Please agree to continue.',
    err_department: 'This topic is not available.',
    err_generic: 'Something went wrong ({code}). Please try again.',
    err_network: 'No connection to the chat server. Please try again.',
    err_busy: 'The chat server is busy. Trying again in {s} s…',
    err_rejected: 'rejected by the server ({code})',
    reason_file_type: 'this type of file is not allowed',
    reason_too_big: 'the file is too large',
  },
  de: {
    app_title: 'Live-Chat',
    language: 'Sprache',
    lang_de: 'Deutsch',
    lang_en: 'English',
    close_window: 'Chatfenster schließen',
    minimize: 'Chat minimieren',
    loading: 'Der Chat wird geladen …',
    config_error: 'Der Chat kann gerade nicht geladen werden.',
    unknown_site: 'Dieser Chat ist nicht eingerichtet.',
    retry_in: 'Keine Verbindung zum Chat-Server. Neuer Versuch in {s} s …',
    retry_now: 'Erneut versuchen',
    start_heading: 'Chatten Sie mit uns',
    start_intro: 'Hallo! Wie können wir Ihnen helfen?',
    required_note: 'Mit * markierte Felder sind Pflichtfelder.',
    required_mark: '*',
    department: 'Thema',
    dept_offline: '{name} (offline)',
    start: 'Chat starten',
    starting: 'Der Chat wird gestartet …',
    privacy: 'Datenschutz',
    privacy_info: 'Datenschutzhinweise',
    privacy_link_new_tab: 'Datenschutzerklärung (öffnet in neuem Tab)',
    close: 'Schließen',
    offline_now: 'Gerade ist leider niemand erreichbar.',
    offline_placeholder: 'Hier wird ein Kontaktformular für Ihre Nachricht angeboten. Bis dahin versuchen Sie es bitte später noch einmal.',
    offline_wait: 'Ihr Chat bleibt offen, falls doch noch jemand frei wird.',
    status_waiting: 'Einen Moment bitte, wir verbinden Sie …',
    status_active: 'Sie chatten mit {name}',
    status_active_anon: 'Ein Mitarbeiter ist für Sie da',
    status_closed: 'Der Chat ist beendet.',
    operator: 'Mitarbeiter',
    you: 'Sie',
    typing: '{name} schreibt …',
    msg_sending: 'Wird gesendet …',
    msg_sent: 'Gesendet',
    msg_retry: 'Noch nicht gesendet – neuer Versuch folgt',
    msg_retry_in: 'Noch nicht gesendet – neuer Versuch in {s} s',
    msg_failed: 'Nicht gesendet: {reason}',
    message_label: 'Ihre Nachricht',
    compose_hint: 'Enter sendet, Umschalt+Enter beginnt eine neue Zeile.',
    compose_hint_touch: 'Zum Senden die Senden-Schaltfläche benutzen.',
    send: 'Senden',
    too_long: 'Ihre Nachricht ist zu lang (höchstens {max} Zeichen).',
    attach: 'Datei senden',
    file_too_big: '„{name}“ ist zu groß (höchstens {max}).',
    file_type: '„{name}“ kann nicht gesendet werden: erlaubt sind nur {types}-Dateien.',
    file_label: 'Datei: {name} ({size})',
    image_alt: 'Bild: {name}',
    menu: 'Weitere Optionen',
    transcript_text: 'Verlauf herunterladen (Text)',
    transcript_html: 'Verlauf herunterladen (HTML)',
    transcript_mail: 'Verlauf per E-Mail zusenden',
    email_label: 'Ihre E-Mail-Adresse',
    mail_send: 'Verlauf senden',
    mail_sending: 'Wird gesendet …',
    mail_sent: 'Der Verlauf ist unterwegs an {email}.',
    mail_failed: 'Die E-Mail konnte nicht gesendet werden. Bitte versuchen Sie es noch einmal.',
    mail_unconfigured: 'Der Versand per E-Mail ist nicht verfügbar.',
    mail_invalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
    end_chat: 'Chat beenden',
    end_confirm: 'Möchten Sie den Chat wirklich beenden?',
    end_yes: 'Ja, Chat beenden',
    cancel: 'Abbrechen',
    new_chat: 'Neuen Chat starten',
    chat_gone: 'Dieser Chat ist nicht mehr verfügbar.',
    chat_closed_send: 'der Chat ist beendet',
    connection_lost: 'Verbindung unterbrochen. Neuer Verbindungsaufbau …',
    connection_back: 'Wieder verbunden.',
    err_required: 'Bitte füllen Sie dieses Feld aus.',
    err_invalid: 'Bitte prüfen Sie dieses Feld.',
    err_consent: 'Bitte stimmen Sie zu, um fortzufahren.',
    err_department: 'Dieses Thema ist nicht verfügbar.',
    err_generic: 'Etwas ist schiefgegangen ({code}). Bitte versuchen Sie es noch einmal.',
    err_network: 'Keine Verbindung zum Chat-Server. Bitte versuchen Sie es noch einmal.',
    err_busy: 'Der Chat-Server ist ausgelastet. Neuer Versuch in {s} s …',
    err_rejected: 'vom Server abgelehnt ({code})',
    reason_file_type: 'dieser Dateityp ist nicht erlaubt',
    reason_too_big: 'die Datei ist zu groß',
  },
};

export const LANGS = Object.freeze(Object.keys(TEXTS));

// "de-DE", "DE", "de_at" → "de"; anything unknown → null.
export function normalizeLang(value) {
  const m = /^([a-z]{2})(?:[-_][a-z0-9]{1,8})*$/i.exec(String(value ?? '').trim());
  if (!m) return null;
  const l = m[1].toLowerCase();
  return LANGS.includes(l) ? l : null;
}

// The language to use: an explicit one, else the browser's, else English.
export function pickLang(explicit) {
  const l = normalizeLang(explicit);
  if (l) return l;
  for (const n of navigator.languages ?? [navigator.language]) {
    const b = normalizeLang(n);
    if (b) return b;
  }
  return 'en';
}

let current = 'en';

export function setLang(lang) {
  current = normalizeLang(lang) ?? 'en';
  return current;
}

export function getLang() {
  return current;
}

// t('typing', {name: 'Olga'}) → "Olga is typing…". A missing key is shown as
// the key (visible in testing, never empty).
export function t(key, vars = {}) {
  const s = TEXTS[current][key] ?? TEXTS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (all, k) => (k in vars ? String(vars[k]) : all));
}

// 5242880 → "5 MB" / "5 MB"; 20480 → "20 kB".
export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  const fmt = (v) => new Intl.NumberFormat(current, { maximumFractionDigits: 1 }).format(v);
  if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt(n / 1024)} kB`;
  return `${fmt(n)} B`;
}

export function formatTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleTimeString(current === 'de' ? 'de-DE' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}
