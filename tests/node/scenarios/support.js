'use strict';
// Shared by the data scenarios: each is `node <script> <serverURL> <appId> <masterKey>`, drives the
// official Parse JS SDK (npm parse) against that server, and prints ONE JSON object, its last line
// of output, of what the SDK (or a raw REST call, for what the SDK hides) saw. The .NET tests assert
// on that object, the same assertions against Parse Server 9 and against PhoneAuth.
const Parse = require('parse/node');

/** Reads the command line and points the SDK at the server; returns the SDK and a REST helper. */
function connect() {
  const [serverURL, appId, masterKey] = process.argv.slice(2);
  if (!serverURL || !appId || !masterKey) throw new Error('usage: node <script> <serverURL> <appId> <masterKey>');
  Parse.initialize(appId, undefined, masterKey);
  Parse.serverURL = serverURL;
  resendOnStaleConnection();

  /** A raw REST call with the X-Parse-* headers: { status, body } (body parsed when it is JSON). */
  async function rest(method, path, { body, master = false, sessionToken } = {}) {
    const response = await fetch(`${serverURL}/${path}`, {
      method,
      headers: {
        'X-Parse-Application-Id': appId,
        'Content-Type': 'application/json',
        ...(master ? { 'X-Parse-Master-Key': masterKey } : {}),
        ...(sessionToken ? { 'X-Parse-Session-Token': sessionToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed;
    try { parsed = JSON.parse(text); } catch { parsed = text; }
    return { status: response.status, body: parsed };
  }

  return { Parse, rest, serverURL, appId, masterKey };
}

/**
 * Makes every fetch (the SDK's and rest()'s) send a request once more when it failed on a pooled
 * keep-alive connection that the server had closed as idle just as the client reused it: the request
 * never reached the server, and the SDK itself does not retry network errors. Seen under load as
 * 'fetch failed' (UND_ERR_SOCKET). Anything else is a real failure and is not retried.
 */
function resendOnStaleConnection() {
  const realFetch = global.fetch;
  global.fetch = async (url, init) => {
    try {
      return await realFetch(url, init);
    } catch (error) {
      const code = error && error.cause && error.cause.code;
      if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw error;
      return realFetch(url, init);
    }
  };
}

/**
 * What a call ended with: { code, message } for a rejection (a ParseError, or anything else), or
 * { ok: true } when it succeeded. Scenarios record refusals this way, so a test sees the exact pair.
 */
async function outcome(promise) {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error) return { code: error.code, message: error.message };
    return { code: null, message: String(error && error.message ? error.message : error) };
  }
}

/** A reference to an existing object by class and id, as Parse.Object.extend(className).createWithoutData(id). */
function pointerTo(Parse, className, objectId) {
  return Parse.Object.extend(className).createWithoutData(objectId);
}

/** Replaces the ids (or any strings) named in `names` by their labels, deep in a JSON value, keys included. */
function redact(value, names) {
  const swap = (v) => (typeof v === 'string' && names[v] ? names[v] : v);
  return JSON.parse(JSON.stringify(value), function reviver(key, v) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, inner]) => [swap(k), inner]));
    }
    return swap(v);
  });
}

let counter = 0;
/** A name unique to this run (usernames, role names). */
function unique(prefix) {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

/** Runs the scenario and prints its result as the last line; any failure exits 1 with the stack. */
function run(main) {
  main().then(
    (seen) => console.log(JSON.stringify(seen)),
    (error) => {
      console.error(error && error.stack ? error.stack : String(error));
      if (error && error.cause) console.error('Caused by:', error.cause);
      process.exit(1);
    },
  );
}

module.exports = { connect, outcome, pointerTo, redact, unique, run };
