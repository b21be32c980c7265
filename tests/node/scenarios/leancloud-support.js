'use strict';
// Shared by the LeanCloud scenarios: each is `node <script> <serverURL> <appId> <appKey> <masterKey> [outbox]`,
// drives the official LeanCloud JS SDK (npm leancloud-storage 4.x) against that server, and prints ONE
// JSON object, its last line of output, of what the SDK (or a raw REST call, for what the SDK hides) saw.
const fs = require('node:fs');
const AV = require('leancloud-storage');

/** Reads the command line and points the SDK at the server; returns the SDK, a REST helper and the dev outbox's reader. */
function connect() {
  const [serverURL, appId, appKey, masterKey, outbox] = process.argv.slice(2);
  if (!serverURL || !appId || !appKey || !masterKey) throw new Error('usage: node <script> <serverURL> <appId> <appKey> <masterKey> [outbox]');
  AV.init({ appId, appKey, masterKey, serverURL });
  // Errors keep the server's own message, without the SDK's " [400 POST url]" suffix.
  AV.keepErrorRawMessage(true);

  /** A raw REST call at /1.1 with the X-LC-* headers: { status, body } (body parsed when it is JSON). */
  async function rest(method, path, { body, master = false, sessionToken } = {}) {
    const response = await fetch(`${serverURL}/1.1/${path}`, {
      method,
      headers: {
        'X-LC-Id': appId,
        'X-LC-Key': master ? `${masterKey},master` : appKey,
        'Content-Type': 'application/json',
        ...(sessionToken ? { 'X-LC-Session': sessionToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed;
    try { parsed = JSON.parse(text); } catch { parsed = text; }
    return { status: response.status, body: parsed };
  }

  /** The newest code the dev provider "sent" to this E.164 number, as the user reads it in the SMS. */
  function latestCode(phone) {
    const lines = outbox && fs.existsSync(outbox) ? fs.readFileSync(outbox, 'utf8').split('\n').filter(Boolean).map(JSON.parse) : [];
    const message = lines.filter((m) => m.to === phone && typeof m.code === 'string').pop();
    if (!message) throw new Error(`No SMS was sent to ${phone}`);
    return message.code;
  }

  return { AV, rest, latestCode };
}

module.exports = { connect };
