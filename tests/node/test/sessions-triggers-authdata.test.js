'use strict';
// Parse Server parity, continued, with the official Parse JS SDK: sessions, triggers (from a cloud-code
// assembly the server loads), X-Parse-Request-Id idempotency, Parse.AnonymousUtils and authData providers.
const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startServer, newPhone, sampleCloudCodeDll } = require('../lib/server');
const { connect, rest, uniqueName } = require('../lib/parse');

let server;
let Parse;

before(async () => {
  server = await startServer({ CloudCode__Assemblies__0: sampleCloudCodeDll(), PhoneAuth__ResendInterval: '00:00:01' });
  Parse = connect(server);
});
after(async () => server?.stop());
beforeEach(async () => {
  Parse.idempotency = false;
  if (Parse.User.current()) await Parse.User.logOut();
});

const rejectsWith = (promise, code, message) =>
  assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `code of: ${error.message}`);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
const triggerLog = () => Parse.Cloud.run('triggerLog', {}, { useMasterKey: true });

test('sessions: current, own list, one by id, delete; other users see none of them', async () => {
  const username = uniqueName();
  await Parse.User.signUp(username, 'pw');
  await Parse.User.logOut();
  // A login from another installation: one session per user and installation, as in Parse Server.
  const elsewhere = await rest(server, 'POST', 'login', { body: { username, password: 'pw' }, headers: { 'X-Parse-Installation-Id': crypto.randomUUID() } });
  const first = elsewhere.body.sessionToken;
  const user = await Parse.User.logIn(username, 'pw');
  const second = user.getSessionToken();

  const current = await Parse.Session.current();
  assert.equal(current.getSessionToken(), second);
  assert.equal(current.get('user').id, user.id);
  assert.equal(current.get('createdWith').action, 'login');

  const own = await new Parse.Query(Parse.Session).find({ sessionToken: second });
  assert.equal(own.length, 2);
  const other = own.find((s) => s.id !== current.id);
  assert.equal(other.getSessionToken(), '', 'only hashes are stored: another session carries no token');

  const byId = await new Parse.Query(Parse.Session).get(other.id, { sessionToken: second });
  assert.equal(byId.id, other.id);
  await byId.destroy({ sessionToken: second });
  await rejectsWith(Parse.User.me(first), 209);
  assert.equal((await Parse.User.me(second)).id, user.id);

  await Parse.User.logOut();
  const stranger = await Parse.User.signUp(uniqueName(), 'pw');
  await rejectsWith(new Parse.Query(Parse.Session).get(current.id, { sessionToken: stranger.getSessionToken() }), 101);
  const strangers = await Parse.Session.current();
  const all = await new Parse.Query(Parse.Session).find({ useMasterKey: true });
  assert.ok(all.some((s) => s.id === strangers.id), "the master key sees other users' sessions");
  assert.ok(!all.some((s) => s.id === current.id), 'logOut deleted the session');
});

test('beforeSave changes and refuses writes; afterSave hears of them', async () => {
  const user = await Parse.User.signUp(uniqueName(), 'pw', { nickname: 'MixedCase' });
  assert.equal(user.get('nicknameLower'), 'mixedcase', 'the sign-up answer carries the trigger\'s change');
  user.set('nickname', 'Other');
  await user.save();
  assert.equal(user.get('nicknameLower'), 'other', 'the update answer carries the trigger\'s change');

  user.set('nickname', 'forbidden');
  await rejectsWith(user.save(), 142, 'This nickname is not allowed.');
  user.set('nickname', 'crash');
  await rejectsWith(user.save(), 141, 'beforeSave refused: crash');
  user.revert();
  assert.equal((await user.fetch()).get('nickname'), 'Other');

  const log = await triggerLog();
  const mine = log.filter((e) => e.object === user.id);
  // The two refused saves threw inside beforeSave, before it recorded anything, and had no afterSave.
  assert.deepEqual(mine.map((e) => e.trigger), ['beforeSave', 'afterSave', 'beforeSave', 'afterSave']);
  assert.equal(mine[0].isNew, true);
  assert.equal(mine[2].isNew, false);
  assert.equal(mine[2].user, user.id);
  assert.equal(mine[0].master, false);
});

test('beforeLogin can refuse a login; afterLogin and afterLogout run with the request fields', async () => {
  const username = uniqueName();
  const user = await Parse.User.signUp(username, 'pw');
  await Parse.User.logOut();
  await Parse.User.logIn(username, 'pw');
  await Parse.User.logOut();

  const log = (await triggerLog()).filter((e) => e.object === user.id);
  const login = log.find((e) => e.trigger === 'beforeLogin');
  assert.ok(login, 'beforeLogin ran');
  assert.equal(login.username, username);
  assert.equal(login.ip, '127.0.0.1');
  assert.match(login.installationId, /^[0-9a-f-]{36}$/);
  assert.equal(login.hasHeaders, true);
  assert.ok(log.some((e) => e.trigger === 'afterLogin'));
  assert.ok(log.some((e) => e.trigger === 'afterLogout' && e.session), 'afterLogout has the deleted session');

  user.set('banned', true);
  await user.save(null, { useMasterKey: true });
  await rejectsWith(Parse.User.logIn(username, 'pw'), 141, 'This account is banned.');
});

test('beforeLogin also guards phone logins', async () => {
  const phone = newPhone();
  await Parse.Cloud.run('requestSmsCode', { phoneNumber: phone });
  const token = await Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code: server.latestCode(phone) });
  const user = await Parse.User.become(token);
  user.set('banned', true);
  await user.save(null, { useMasterKey: true });
  await Parse.User.logOut();

  await new Promise((resolve) => setTimeout(resolve, 1100)); // the resend interval of this server
  await Parse.Cloud.run('requestSmsCode', { phoneNumber: phone });
  await rejectsWith(Parse.Cloud.run('signUpOrlogInWithMobilePhone', { phoneNumber: phone, code: server.latestCode(phone) }), 141, 'This account is banned.');
});

test('X-Parse-Request-Id: the SDK\'s idempotent requests work, and a repeated id does nothing twice', async () => {
  Parse.idempotency = true;
  const user = await Parse.User.signUp(uniqueName(), 'pw');
  user.set('score', 1);
  await user.save();
  assert.equal((await Parse.Cloud.run('hello', { name: 'again' })).greeting, 'Hello, again!');
  Parse.idempotency = false;

  const phone = newPhone();
  const requestId = crypto.randomUUID();
  const headers = { 'X-Parse-Request-Id': requestId };
  const first = await rest(server, 'POST', 'functions/requestSmsCode', { body: { phoneNumber: phone }, headers });
  assert.equal(first.status, 200);
  const retried = await rest(server, 'POST', 'functions/requestSmsCode', { body: { phoneNumber: phone }, headers });
  assert.equal(retried.status, 400);
  assert.deepEqual(retried.body, { code: 159, error: 'Duplicate request' });

  const username = uniqueName();
  const signupId = { 'X-Parse-Request-Id': crypto.randomUUID() };
  assert.equal((await rest(server, 'POST', 'users', { body: { username, password: 'pw' }, headers: signupId })).status, 201);
  assert.equal((await rest(server, 'POST', 'users', { body: { username: `${username}x`, password: 'pw' }, headers: signupId })).body.code, 159);
  assert.equal(await new Parse.Query(Parse.User).equalTo('username', `${username}x`).count({ useMasterKey: true }), 0);
});

test('AnonymousUtils: 201 creates, the same authData logs in with 200, signUp upgrades the user', async () => {
  const anonymous = await Parse.AnonymousUtils.logIn();
  assert.equal(anonymous.existed(), false);
  assert.ok(Parse.AnonymousUtils.isLinked(anonymous));
  assert.equal(anonymous.getUsername().length, 25);
  const id = anonymous.get('authData').anonymous.id;
  await Parse.User.logOut();

  const again = await Parse.User.logInWith('anonymous', { authData: { id } });
  assert.equal(again.id, anonymous.id);
  assert.equal(again.existed(), true);

  const username = uniqueName('upgraded');
  again.setUsername(username);
  again.setPassword('pw');
  const before = again.getSessionToken();
  await again.signUp();
  assert.notEqual(again.getSessionToken(), before, 'the password change gave a new token');
  assert.equal(Parse.AnonymousUtils.isLinked(again), false);
  await Parse.User.logOut();
  assert.equal((await Parse.User.logIn(username, 'pw')).id, anonymous.id);
});

test('authData providers: link, log in, unlink; an unknown provider is 252; a taken identity 208', async () => {
  const id = crypto.randomUUID();
  const authData = { id, token: `valid-${id}` };
  const user = await Parse.User.signUp(uniqueName(), 'pw');
  await user.linkWith('demo', { authData });
  assert.deepEqual((await user.fetch()).get('authData').demo, { id }, 'the provider stored the id, not the token');
  await Parse.User.logOut();

  const viaDemo = await Parse.User.logInWith('demo', { authData });
  assert.equal(viaDemo.id, user.id);
  assert.equal(viaDemo.existed(), true);
  await rejectsWith(Parse.User.logInWith('demo', { authData: { id, token: 'forged' } }), 101, 'Demo auth is invalid for this user.');

  const other = await Parse.User.signUp(uniqueName(), 'pw');
  await rejectsWith(other.linkWith('demo', { authData }), 208, 'this auth is already used');
  await Parse.User.logOut();

  const me = await Parse.User.logIn(user.getUsername(), 'pw');
  await me._unlinkFrom('demo');
  assert.equal((await me.fetch()).get('authData'), undefined);
  await Parse.User.logOut();
  const fresh = await Parse.User.logInWith('demo', { authData });
  assert.notEqual(fresh.id, user.id, 'after unlinking, the identity signs up a new user');
  assert.equal(fresh.existed(), false);

  const unknown = await rest(server, 'POST', 'users', { body: { authData: { nosuch: { id: 'x' } } } });
  assert.deepEqual(unknown.body, { code: 252, error: 'This authentication method is unsupported.' });
  const badId = await rest(server, 'POST', 'users', { body: { authData: { anonymous: { id: 5 } } } });
  assert.deepEqual(badId.body, { code: 162, error: "Invalid authData id for provider 'anonymous'." });
});
