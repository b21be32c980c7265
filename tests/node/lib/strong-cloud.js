'use strict';
// A sensible Parse Server implementation of the phone flow, for the benchmark's stronger peer (issue
// 22): what a Parse Server user writes after dropping the tutorial's code. Codes live in a
// process-local map, with a lifetime and a few attempts; a new user is signed up once with a random
// password (one bcrypt per new user: Parse Server hashes every password); a returning user gets a
// session made with the master key (no bcrypt at all). It keeps the tutorial's function names, so the
// same load drives both. "readSmsCode" is the benchmark's master-key-only way to read the code it was
// "sent", as in tutorial-cloud.js.
const crypto = require('node:crypto');

const CODE_LIFETIME_MS = 5 * 60 * 1000;
const ATTEMPTS = 5;
const SESSION_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000; // Parse Server's default sessionLength
const codes = new Map(); // phoneNumber -> { code, expires, attempts }

Parse.Cloud.define('requestSmsCode', async (request) => {
  const phoneNumber = request.params.phoneNumber;
  if (typeof phoneNumber !== 'string' || !/^\+\d{7,15}$/.test(phoneNumber)) throw new Parse.Error(141, 'Invalid phone number.');
  const code = String(crypto.randomInt(100000, 1000000));
  codes.set(phoneNumber, { code, expires: Date.now() + CODE_LIFETIME_MS, attempts: 0 });
  return 'success';
});

/** A session for the user, made with the master key: Parse Server looks sessions up by this token. */
async function newSession(user, installationId) {
  const session = new Parse.Object('_Session');
  const token = `r:${crypto.randomBytes(16).toString('hex')}`;
  session.set('sessionToken', token);
  session.set('user', user);
  session.set('createdWith', { action: 'login', authProvider: 'phone' });
  session.set('expiresAt', new Date(Date.now() + SESSION_LIFETIME_MS));
  if (installationId) session.set('installationId', installationId);
  await session.save(null, { useMasterKey: true });
  return token;
}

Parse.Cloud.define('signUpOrlogInWithMobilePhone', async (request) => {
  const { phoneNumber, code } = request.params;
  const entry = typeof phoneNumber === 'string' ? codes.get(phoneNumber) : undefined;
  if (!entry || entry.expires < Date.now()) throw new Parse.Error(141, 'Invalid code.');
  if (entry.code !== code) {
    if (++entry.attempts >= ATTEMPTS) codes.delete(phoneNumber);
    throw new Parse.Error(141, 'Invalid code.');
  }
  codes.delete(phoneNumber); // used once
  const existing = await new Parse.Query(Parse.User).equalTo('username', phoneNumber).first({ useMasterKey: true });
  if (existing) return newSession(existing, request.installationId);
  const user = new Parse.User();
  user.setUsername(phoneNumber);
  user.setPassword(crypto.randomBytes(24).toString('base64')); // never told to anyone: the code is the proof
  user.set('phone', phoneNumber);
  await user.signUp(null, { useMasterKey: true });
  // A sign-up through the REST API answers a session token; use it when there is one, else make one.
  return user.getSessionToken() || newSession(user, request.installationId);
});

Parse.Cloud.define('readSmsCode', (request) => codes.get(request.params.phoneNumber)?.code ?? null, { requireMaster: true });
