'use strict';
// The tutorial's client flow with the official Parse JS SDK (npm parse 8.x), unmodified.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const Parse = require('parse/node');
const { startServer, newPhone } = require('../lib/server');

let server;

before(async () => {
  // A one-second resend interval lets a test sign the same phone in twice without a fake clock.
  server = await startServer({ PhoneAuth__ResendInterval: '00:00:01' });
  Parse.initialize(server.appId);
  Parse.serverURL = server.serverURL;
  Parse.User.enableUnsafeCurrentUser();
});

after(async () => {
  await server?.stop();
});

test('requestSmsCode → code → signUpOrlogInWithMobilePhone → become → current → logOut → 209', async () => {
  const phone = newPhone();
  const sent = await Parse.Cloud.run('requestSmsCode', { phoneNumber: phone });
  assert.deepEqual(sent, { resendAfter: 1, expiresIn: 300 });

  const token = await Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code: server.latestCode(phone) });
  assert.match(token, /^r:[0-9a-f]{32}$/);

  const user = await Parse.User.become(token);
  assert.equal(user.get('phone'), phone);
  assert.equal(user.get('phoneVerified'), true);
  assert.equal(user.getUsername(), phone);
  assert.ok(user.createdAt instanceof Date && !Number.isNaN(user.createdAt.getTime()));
  assert.ok(Math.abs(user.createdAt.getTime() - Date.now()) < 60_000, 'createdAt is parsed to the right instant');

  const current = Parse.User.current();
  assert.equal(current.id, user.id);
  assert.equal(current.getSessionToken(), token);

  const session = await Parse.Session.current();
  assert.equal(session.getSessionToken(), token);

  await Parse.User.logOut();
  assert.equal(Parse.User.current(), null);

  await assert.rejects(Parse.User.become(token), (error) => {
    assert.equal(error.code, Parse.Error.INVALID_SESSION_TOKEN);
    assert.equal(error.code, 209);
    return true;
  });
});

test('a second sign-in with the same phone logs in the same user', async () => {
  const phone = newPhone();
  await Parse.Cloud.run('requestSmsCode', { phoneNumber: phone });
  const first = await Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code: server.latestCode(phone) });
  const a = await Parse.User.become(first);
  await Parse.User.logOut();

  // The national form of the same number reaches the same account, once the resend interval has passed.
  const national = phone.slice(3);
  await assert.rejects(Parse.Cloud.run('requestSmsCode', { phoneNumber: national }), (e) => e.code === 601);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await Parse.Cloud.run('requestSmsCode', { phoneNumber: national });
  const second = await Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: national, code: server.latestCode(phone) });
  const b = await Parse.User.become(second);
  assert.notEqual(second, first);
  assert.equal(b.id, a.id);
  await Parse.User.logOut();
});

test('errors reach the SDK as ParseError codes', async () => {
  const phone = newPhone();
  await assert.rejects(Parse.Cloud.run('requestSmsCode', { phoneNumber: '12345' }), (e) => e.code === 127);
  await assert.rejects(Parse.Cloud.run('requestSmsCode', {}), (e) => e.code === Parse.Error.VALIDATION_ERROR);
  await assert.rejects(Parse.Cloud.run('noSuchFunction', {}), (e) => e.code === Parse.Error.SCRIPT_FAILED && e.message === 'Invalid function: "noSuchFunction"');

  await Parse.Cloud.run('requestSmsCode', { phoneNumber: phone });
  await assert.rejects(Parse.Cloud.run('requestSmsCode', { phoneNumber: phone }), (e) => e.code === 601);
  const code = server.latestCode(phone);
  const wrong = code === '000000' ? '111111' : '000000';
  await assert.rejects(Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code: wrong }), (e) => e.code === 603);
  const token = await Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code });
  await assert.rejects(Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code }), (e) => e.code === 603);
  assert.match(token, /^r:/);
});
