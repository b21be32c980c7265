'use strict';
// Parse Server parity for users, proven with the official Parse JS SDK (npm parse 8.x):
// sign-up, login, become, current user, custom fields and operators, permissions, password changes,
// verifyPassword, loginAs, queries, account lockout.
const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../lib/server');
const { connect, rest, uniqueName } = require('../lib/parse');

let server;
let Parse;

before(async () => {
  server = await startServer({ Users__AccountLockout__Threshold: '3', Users__AccountLockout__Duration: '00:00:02' });
  Parse = connect(server);
});
after(async () => server?.stop());
beforeEach(async () => { if (Parse.User.current()) await Parse.User.logOut(); });

const rejectsWith = (promise, code, message) =>
  assert.rejects(promise, (error) => {
    assert.equal(error.code, code, `code of: ${error.message}`);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });

test('signUp answers 201 with a Location, and the SDK makes the user current', async () => {
  const username = uniqueName();
  const raw = await rest(server, 'POST', 'users', { body: { username, password: 'pw-1' } });
  assert.equal(raw.status, 201);
  assert.equal(raw.headers.get('location'), `${server.serverURL}/users/${raw.body.objectId}`);
  assert.deepEqual(Object.keys(raw.body).sort(), ['createdAt', 'objectId', 'sessionToken']);

  const user = await Parse.User.signUp(uniqueName(), 'pw-2', { email: `${uniqueName()}@example.com` });
  assert.ok(user.id);
  assert.match(user.getSessionToken(), /^r:[0-9a-f]{32}$/);
  assert.equal(Parse.User.current().id, user.id);
  assert.equal(user.existed(), false);
  assert.equal(user.get('password'), undefined);
});

test('usernames and emails are unique case-insensitively; a malformed email is 125', async () => {
  const username = uniqueName('Case');
  const email = `${uniqueName()}@Example.com`;
  await Parse.User.signUp(username, 'pw', { email });
  await Parse.User.logOut();
  await rejectsWith(Parse.User.signUp(username.toLowerCase(), 'pw'), 202, 'Account already exists for this username.');
  await rejectsWith(Parse.User.signUp(uniqueName(), 'pw', { email: email.toUpperCase() }), 203, 'Account already exists for this email address.');
  await rejectsWith(Parse.User.signUp(uniqueName(), 'pw', { email: 'not-an-email' }), 125, 'Email address format is invalid.');
});

test('logIn, become and current; wrong password and unknown user are the same 101', async () => {
  const username = uniqueName();
  const signedUp = await Parse.User.signUp(username, 'secret', { score: 7 });
  await Parse.User.logOut();

  const user = await Parse.User.logIn(username, 'secret');
  assert.equal(user.id, signedUp.id);
  assert.equal(user.get('score'), 7);
  assert.equal(user.existed(), true);
  const token = user.getSessionToken();
  await Parse.User.logOut();
  const again = await Parse.User.logIn(username, 'secret');
  const become = await Parse.User.become(again.getSessionToken());
  assert.equal(become.id, signedUp.id);
  assert.equal(Parse.User.current().id, signedUp.id);
  await Parse.User.logOut();

  await rejectsWith(Parse.User.logIn(username, 'wrong'), 101, 'Invalid username/password.');
  await rejectsWith(Parse.User.logIn(uniqueName('nobody'), 'secret'), 101, 'Invalid username/password.');
  await rejectsWith(Parse.User.become(token), 209); // logged out above
});

test('custom fields of every Parse type are stored and returned as sent', async () => {
  const friend = await Parse.User.signUp(uniqueName(), 'pw');
  await Parse.User.logOut();
  const user = await Parse.User.signUp(uniqueName(), 'pw');
  const when = new Date('2024-05-06T07:08:09.123Z');
  user.set({ nickname: 'Zed', score: 41.5, active: true, when, friend, profile: { city: 'Shanghai', tags: ['a'] }, list: [1, 'two', { three: 3 }] });
  await user.save();

  const fetched = await new Parse.Query(Parse.User).get(user.id, { sessionToken: user.getSessionToken() });
  assert.equal(fetched.get('nickname'), 'Zed');
  assert.equal(fetched.get('score'), 41.5);
  assert.equal(fetched.get('active'), true);
  assert.ok(fetched.get('when') instanceof Date);
  assert.equal(fetched.get('when').toISOString(), when.toISOString());
  assert.equal(fetched.get('friend').id, friend.id);
  assert.equal(fetched.get('friend').className, '_User');
  assert.deepEqual(fetched.get('profile'), { city: 'Shanghai', tags: ['a'] });
  assert.deepEqual(fetched.get('list'), [1, 'two', { three: 3 }]);
});

test('Increment, Delete (unset), Add, AddUnique and Remove', async () => {
  const user = await Parse.User.signUp(uniqueName(), 'pw', { score: 1, tags: ['a'], temp: 'x' });
  user.increment('score', 2);
  user.add('tags', 'b');
  user.unset('temp');
  await user.save();
  assert.equal(user.get('score'), 3);
  user.addUnique('tags', 'a'); // already there: no change
  await user.save();

  user.addUnique('tags', 'c');
  await user.save();
  user.remove('tags', 'a');
  await user.save();

  const fetched = await user.fetch();
  assert.equal(fetched.get('score'), 3);
  assert.deepEqual(fetched.get('tags'), ['b', 'c']);
  assert.equal(fetched.has('temp'), false);
});

test('private fields are hidden from others and only the owner or the master key may write', async () => {
  const owner = await Parse.User.signUp(uniqueName(), 'pw', { email: `${uniqueName()}@example.com`, nickname: 'Owner' });
  const acl = new Parse.ACL(owner);
  acl.setPublicReadAccess(true);
  owner.setACL(acl);
  await owner.save();
  const ownerId = owner.id;
  await Parse.User.logOut();

  const other = await Parse.User.signUp(uniqueName(), 'pw');
  const seen = await new Parse.Query(Parse.User).get(ownerId);
  assert.equal(seen.get('nickname'), 'Owner');
  assert.equal(seen.get('email'), undefined);
  assert.equal(seen.get('password'), undefined);
  assert.equal(seen.get('sessionToken'), undefined);

  seen.set('nickname', 'Hacked');
  await rejectsWith(seen.save(), 206);
  await rejectsWith(seen.destroy(), 206);

  seen.set('nickname', 'By master');
  await seen.save(null, { useMasterKey: true });
  const reread = await new Parse.Query(Parse.User).get(ownerId, { useMasterKey: true });
  assert.equal(reread.get('nickname'), 'By master');
  assert.ok(reread.get('email'), 'the master key sees the email');
  assert.ok(other.id);
});

test("a user's own password change revokes their other sessions and returns a new token", async () => {
  const username = uniqueName();
  await Parse.User.signUp(username, 'old-pw');
  await Parse.User.logOut();
  const elsewhere = (await Parse.User.logIn(username, 'old-pw')).getSessionToken();
  await Parse.User.logOut();

  const user = await Parse.User.logIn(username, 'old-pw');
  const before = user.getSessionToken();
  user.set('password', 'new-pw');
  await user.save();
  const after = user.getSessionToken();
  assert.notEqual(after, before);
  assert.equal(Parse.User.current().getSessionToken(), after);

  await rejectsWith(Parse.User.me(elsewhere), 209);
  await rejectsWith(Parse.User.me(before), 209);
  assert.equal((await Parse.User.me(after)).id, user.id);
  await Parse.User.logOut();
  await Parse.User.logIn(username, 'new-pw');
  await rejectsWith(Parse.User.verifyPassword(username, 'old-pw'), 101);
});

test('verifyPassword returns the user without a session; loginAs needs the master key', async () => {
  const username = uniqueName();
  const user = await Parse.User.signUp(username, 'pw');
  await Parse.User.logOut();

  // SDK 8 resolves verifyPassword to the server's JSON, not to a Parse.User.
  const verified = await Parse.User.verifyPassword(username, 'pw');
  assert.equal(verified.objectId, user.id);
  assert.equal(verified.username, username);
  assert.equal(verified.sessionToken, undefined);
  await rejectsWith(Parse.User.verifyPassword(username, 'nope'), 101);

  const as = await Parse.User.loginAs(user.id);
  assert.equal(as.id, user.id);
  assert.match(as.getSessionToken(), /^r:/);
  const refused = await rest(server, 'POST', 'loginAs', { body: { userId: user.id } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 119);
  const missing = await rest(server, 'POST', 'loginAs', { body: { userId: 'nobody0000' }, master: true });
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, { code: 101, error: 'user not found' });
});

test('queries: equalTo, containedIn, order, limit, skip, count and select', async () => {
  const team = uniqueName('team');
  for (const [name, score] of [['a', 3], ['b', 1], ['c', 2], ['d', 5]]) {
    await Parse.User.signUp(uniqueName(name), 'pw', { team, score, tag: name });
    await Parse.User.logOut();
  }
  const opts = { useMasterKey: true };
  const base = () => new Parse.Query(Parse.User).equalTo('team', team);

  assert.deepEqual((await base().ascending('score').find(opts)).map((u) => u.get('score')), [1, 2, 3, 5]);
  assert.deepEqual((await base().descending('score').limit(2).skip(1).find(opts)).map((u) => u.get('score')), [3, 2]);
  assert.deepEqual((await base().containedIn('tag', ['a', 'd']).ascending('score').find(opts)).map((u) => u.get('tag')), ['a', 'd']);
  assert.equal(await base().count(opts), 4);
  const selected = await base().select('score').ascending('score').first(opts);
  assert.equal(selected.get('score'), 1);
  assert.equal(selected.get('tag'), undefined);

  // Without the master key, other users are private by default (Parse Server 9's enforcePrivateUsers).
  assert.equal(await base().count(), 0);
  // Every operator works on users, as on any class.
  assert.deepEqual((await base().greaterThan('score', 1).ascending('score').find(opts)).map((u) => u.get('score')), [2, 3, 5]);
  // A geo operator is not supported: a clear 102.
  await rejectsWith(base().near('home', new Parse.GeoPoint(1, 2)).find(opts), 102);
});

test('account lockout: at the threshold the usual error, then locked, then unlocked after the duration', async () => {
  const username = uniqueName();
  await Parse.User.signUp(username, 'right');
  await Parse.User.logOut();
  for (let i = 0; i < 3; i++) await rejectsWith(Parse.User.logIn(username, 'wrong'), 101, 'Invalid username/password.');
  await rejectsWith(Parse.User.logIn(username, 'right'), 101,
    'Your account is locked due to multiple failed login attempts. Please try again after 1 minute(s)');
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const user = await Parse.User.logIn(username, 'right');
  assert.ok(user.id);
  await Parse.User.logOut();
  // Success reset the count: three more failures are needed to lock again.
  for (let i = 0; i < 2; i++) await rejectsWith(Parse.User.logIn(username, 'wrong'), 101, 'Invalid username/password.');
  assert.ok((await Parse.User.logIn(username, 'right')).id);
});

test('destroying the current user deletes it and its sessions', async () => {
  const user = await Parse.User.signUp(uniqueName(), 'pw');
  const token = user.getSessionToken();
  await user.destroy();
  await rejectsWith(Parse.User.me(token), 209);
  await rejectsWith(new Parse.Query(Parse.User).get(user.id, { useMasterKey: true }), 101);
});
