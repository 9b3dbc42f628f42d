// Wiring: the page's buttons, forms and keys, and the menu's actions
// (transcript by e-mail, ending the chat), and switching the language.
import { backoffMs, sleepMs } from './api.js';
import { $, clearFieldError as clearSharedFieldError } from '../shared/dom.js';
import { t, setLang, getLang, normalizeLang } from './i18n.js';
import { api, bridge, P, S } from './state.js';
import { applyTexts, applyTheme, showNotice } from './view.js';
import { normalizeConfig } from './config.js';
import { clearFieldError, fieldInputs, renderStartForm, startChat, updateStartButton } from './start.js';
import { isNearBottom, downloadTranscript } from './chatwindow.js';
import { sendFiles, sendText, showComposeError, typingInput, typingStop } from './send.js';
import { chatEnded, chatGone, newChat } from './receive.js';
import { closeFlyout, openFlyout, showFlyout } from './flyouts.js';
import { requestClose } from './host.js';
import { backToChat, contactAgain, relabelContact, submitContact } from './contact.js';
import { keepWaiting, relabelNobody, sendRequest } from './nobody.js';

export function wire() {
  $('btn-close').addEventListener('click', requestClose);
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.addEventListener('click', () => switchLang(b.dataset.lang));
  }
  $('start-form').addEventListener('submit', (e) => {
    e.preventDefault();
    startChat();
  });
  $('f-consent').addEventListener('change', () => {
    clearFieldError($('f-consent'));
    $('consent-error').hidden = true;
    updateStartButton();
  });
  // The offline contact form, and the "nobody came" request.
  $('contact-form').addEventListener('submit', (e) => {
    e.preventDefault();
    submitContact();
  });
  $('btn-contact-again').addEventListener('click', contactAgain);
  $('btn-contact-chat').addEventListener('click', backToChat);
  $('nobody-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sendRequest();
  });
  $('btn-nobody-keep').addEventListener('click', keepWaiting);
  for (const id of ['c-consent', 'n-consent', 'n_email']) {
    const input = $(id);
    input.addEventListener(input.type === 'checkbox' ? 'change' : 'input', () => clearSharedFieldError(input));
  }
  $('compose').addEventListener('submit', (e) => {
    e.preventDefault();
    sendText();
  });
  const msg = $('msg');
  msg.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && P.variant !== 'mobile') {
      e.preventDefault();
      sendText();
    }
  });
  msg.addEventListener('input', () => {
    showComposeError('');
    typingInput();
  });
  msg.addEventListener('blur', () => {
    if (!msg.value.trim()) typingStop();
  });
  msg.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length) {
      e.preventDefault();
      sendFiles(files);
    }
  });
  const log = $('log');
  log.addEventListener('dragover', (e) => {
    if (S.chat && !S.ended && e.dataTransfer?.types?.includes('Files')) e.preventDefault();
  });
  log.addEventListener('drop', (e) => {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) {
      e.preventDefault();
      sendFiles(files);
    }
  });
  log.addEventListener('scroll', () => {
    S.stickToBottom = isNearBottom();
  }, { passive: true });
  $('btn-attach').addEventListener('click', () => $('file').click());
  $('file').addEventListener('change', (e) => {
    sendFiles([...e.target.files]);
    e.target.value = '';
  });
  $('btn-new').addEventListener('click', newChat);

  // Privacy flyout (mode "text").
  $('privacy-btn').addEventListener('click', (e) => {
    if (openFlyout?.panel.id === 'privacy-flyout') closeFlyout();
    else showFlyout($('privacy-flyout'), e.currentTarget);
  });
  $('privacy-flyout').querySelector('.flyout-close').addEventListener('click', () => closeFlyout());

  // Menu: transcript, e-mail, end.
  $('btn-menu').addEventListener('click', (e) => {
    if (openFlyout?.panel.id === 'menu') closeFlyout();
    else showFlyout($('menu'), e.currentTarget);
  });
  for (const [id, format] of [['dl-text', 'text'], ['dl-html', 'html']]) {
    $(id).addEventListener('click', () => {
      closeFlyout(false);
      // A failed download can simply be asked for again.
      downloadTranscript(format).catch(() => {});
    });
  }
  $('btn-mail').addEventListener('click', () => {
    const form = $('mail-form');
    form.hidden = !form.hidden;
    $('btn-mail').setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) {
      const to = $('mail-to');
      if (!to.value) to.value = S.visitorData.email || fieldInputs.get('email')?.value || '';
      to.focus();
    }
  });
  $('mail-form').addEventListener('submit', (e) => {
    e.preventDefault();
    mailTranscript();
  });
  $('btn-end').addEventListener('click', () => {
    $('end-confirm').hidden = false;
    $('btn-end-no').focus();
  });
  $('btn-end-no').addEventListener('click', () => {
    $('end-confirm').hidden = true;
    $('btn-end').focus();
  });
  $('btn-end-yes').addEventListener('click', endChat);

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.isComposing) return;
    if (openFlyout) {
      e.preventDefault();
      closeFlyout();
    } else if (bridge.framed && P.variant === 'inpage') {
      e.preventDefault();
      requestClose();
    }
  });
  document.addEventListener('click', (e) => {
    if (!openFlyout) return;
    const { panel, opener } = openFlyout;
    if (!panel.contains(e.target) && !opener?.contains(e.target)) closeFlyout(false);
  });
}

async function mailTranscript() {
  const to = $('mail-to');
  const result = $('mail-result');
  const email = to.value.trim();
  if (!email || !to.checkValidity()) {
    to.setAttribute('aria-invalid', 'true');
    result.textContent = t('mail_invalid');
    to.focus();
    return;
  }
  to.removeAttribute('aria-invalid');
  const btn = $('btn-mail-send');
  btn.disabled = true;
  result.textContent = t('mail_sending');
  try {
    await api.transcriptMail(email);
    result.textContent = t('mail_sent', { email });
  } catch (e) {
    if (e.code === 'mail_unconfigured') result.textContent = t('mail_unconfigured');
    else if (e.field === 'email') result.textContent = t('mail_invalid');
    else result.textContent = t('mail_failed');
  } finally {
    btn.disabled = false;
  }
}

async function endChat() {
  const yes = $('btn-end-yes');
  yes.disabled = true;
  S.visitorClosing = true; // the visitor's own end: no "nobody came" offer
  try {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      try {
        await api.close();
        break;
      } catch (e) {
        if (e.code === 'chat_closed') break;
        if (e.status === 404) {
          chatGone();
          return;
        }
        if (!e.transient || attempt === 3) {
          showNotice(t('err_generic', { code: e.code }), { autoHideMs: 6000 });
          return;
        }
        await sleepMs(backoffMs(attempt, e));
      }
    }
    closeFlyout(false);
    chatEnded();
    $('btn-new').focus();
  } finally {
    yes.disabled = false;
  }
}

async function switchLang(lang) {
  const l = normalizeLang(lang);
  if (!l || l === getLang()) return;
  setLang(l);
  S.siteLang = '';
  applyTexts();
  // Field labels, privacy and consent texts come per language.
  try {
    const { data } = await api.config({ lang: l, dept: P.dept });
    S.config = normalizeConfig(data);
    applyTheme();
  } catch (e) {
    console.warn('Plauder: config for the new language failed', e.code);
  }
  if (S.view === 'start') renderStartForm();
  relabelContact();
  relabelNobody();
  applyTexts();
}
