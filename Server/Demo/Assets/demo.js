// The demo: the tutorial's flow against this server's Parse REST API, as any client would call it.
// The session token lives in this page's memory only (never in localStorage).
'use strict';

const texts = {
  en: {
    title: 'PhoneAuth: sign in with your phone',
    intro: "This page calls this server's own Parse REST API, as any client would: request a code, type it, see who you are, log out.",
    step1: '1. Your phone number', send: 'Send me a code', step2: '2. The code', login: 'Sign in',
    step3: '3. You (GET users/me)', logout: 'Log out', outboxTitle: 'Where the code went',
    outboxIntro: 'In Development no SMS leaves the machine: the dev provider writes each message to its outbox file.',
    sent: 'Code sent. Type it below.', checkPhone: 'Code sent: look at your phone.', signedIn: 'Signed in.',
    loggedOut: 'Logged out: the session token is revoked.', lang: '中文',
  },
  zh: {
    title: 'PhoneAuth：用手机号登录',
    intro: '本页像任何客户端一样调用本服务器的 Parse REST API：获取验证码、输入验证码、查看当前用户、退出登录。',
    step1: '1. 手机号', send: '发送验证码', step2: '2. 验证码', login: '登录',
    step3: '3. 当前用户（GET users/me）', logout: '退出登录', outboxTitle: '验证码发到了哪里',
    outboxIntro: '开发环境下短信不会真正发出：dev 通道把每条短信写入发件箱文件。',
    sent: '验证码已发送，请在下方输入。', checkPhone: '验证码已发送，请查看手机短信。', signedIn: '已登录。',
    loggedOut: '已退出登录：会话令牌已立即失效。', lang: 'English',
  },
};

const body = document.body;
const appId = body.dataset.appId;
const mount = body.dataset.mount.replace(/\/$/, '');
const showsOutbox = body.dataset.outbox === 'on';
let lang = (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
let sessionToken = null;

const $ = (id) => document.getElementById(id);
const t = (key) => texts[lang][key];

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  $('lang').textContent = t('lang');
}

function status(message, isError) {
  $('status').textContent = message;
  $('status').className = isError ? 'error' : '';
}

async function parse(method, path, payload) {
  const headers = { 'X-Parse-Application-Id': appId, 'Content-Type': 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' };
  if (sessionToken) headers['X-Parse-Session-Token'] = sessionToken;
  const response = await fetch(mount + path, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
  const json = await response.json();
  if (!response.ok) throw new Error((json.code ? json.code + ': ' : '') + (json.error || response.statusText));
  return json;
}

async function showOutbox() {
  const response = await fetch('/demo/outbox?phone=' + encodeURIComponent($('phone').value));
  const json = await response.json();
  $('outbox-path').textContent = json.outbox;
  const list = $('outbox');
  list.replaceChildren(...json.messages.map((m) => {
    const item = document.createElement('li');
    item.textContent = m.at + '  ' + m.to + '  ' + m.text;
    return item;
  }));
  $('step-outbox').hidden = false;
}

$('phone-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await parse('POST', '/functions/requestSmsCode', { phoneNumber: $('phone').value });
    $('step-code').hidden = false;
    status(showsOutbox ? t('sent') : t('checkPhone'));
    if (showsOutbox) await showOutbox();
    $('code').focus();
  } catch (error) { status(error.message, true); }
});

$('code-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const signedIn = await parse('POST', '/functions/signUpOrlogInWithMobilePhone', { phoneNumber: $('phone').value, code: $('code').value });
    sessionToken = signedIn.result;
    const me = await parse('GET', '/users/me');
    $('me').textContent = JSON.stringify(me, null, 2);
    $('step-me').hidden = false;
    status(t('signedIn'));
  } catch (error) { status(error.message, true); }
});

$('logout').addEventListener('click', async () => {
  try {
    await parse('POST', '/logout', {});
    sessionToken = null;
    $('me').textContent = '';
    $('step-me').hidden = true;
    $('step-code').hidden = true;
    $('code').value = '';
    status(t('loggedOut'));
  } catch (error) { status(error.message, true); }
});

$('lang').addEventListener('click', () => { lang = lang === 'zh' ? 'en' : 'zh'; applyLanguage(); });
applyLanguage();
