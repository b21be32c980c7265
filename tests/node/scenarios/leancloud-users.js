'use strict';
// The six gaps the LeanCloud SDKs' own test suites found, each through the SDK's own call: an app's own
// phone field; updatePassword; the master key querying and deleting users; numbers in LeanCloud's form;
// refreshSessionToken; and an unknown username, answered 210 as a wrong password is.
// node leancloud-users.js <serverURL> <appId> <appKey> <masterKey> <outbox>; prints one JSON object.
const { outcome, unique, run } = require('./support');
const { connect } = require('./leancloud-support');

run(async () => {
  const { AV, rest, latestCode } = connect();
  const seen = {};
  const master = { useMasterKey: true };

  // 1. A custom phone field (the JS SDK suite's user tests sign up with one) is the app's own field.
  const name = unique('tester');
  const user = await AV.User.signUp(name, 'pw-1', { email: `${name}@example.com`, phone: '415-392-0202', phoneVerified: true });
  seen.signedUp = { phone: user.get('phone'), phoneVerified: user.get('phoneVerified'), mobilePhoneNumber: user.getMobilePhoneNumber() ?? 'none' };
  user.set('phone', '415-392-0303');
  await user.save();
  const again = await AV.User.become(user.getSessionToken());
  seen.saved = { phone: again.get('phone'), mobilePhoneVerified: again.get('mobilePhoneVerified') };
  seen.userId = user.id;

  // 2. updatePassword: the old password proves it; a new session token, the old one ended.
  const before = user.getSessionToken();
  seen.wrongOldPassword = await outcome(user.updatePassword('not-it', 'pw-2'));
  await user.updatePassword('pw-1', 'pw-2');
  seen.updatePassword = { newToken: user.getSessionToken() !== before, current: AV.User.current().getSessionToken() === user.getSessionToken() };
  seen.oldTokenAfterUpdate = await outcome(AV.User.become(before));
  seen.oldPassword = await outcome(AV.User.logIn(name, 'pw-1'));
  seen.newPassword = (await AV.User.logIn(name, 'pw-2')).id === user.id;

  // 5. refreshSessionToken: a new token; the old one no longer works.
  const beforeRefresh = AV.User.current().getSessionToken();
  const refreshed = await AV.User.current().refreshSessionToken();
  seen.refreshed = { newToken: refreshed.getSessionToken() !== beforeRefresh, sameUser: refreshed.id === user.id };
  seen.oldTokenAfterRefresh = await outcome(AV.User.become(beforeRefresh));
  seen.newTokenAfterRefresh = (await AV.User.become(refreshed.getSessionToken())).id === user.id;
  seen.refreshOthers = await outcome(AV.Object.createWithoutData('_User', 'someoneElse').refreshSessionToken());

  // 4. Numbers in LeanCloud's form: the SDK is shown the number as the user typed it.
  await AV.User.logOut();
  const phone = '+86139' + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
  const national = phone.slice(3);
  await AV.Cloud.requestSmsCode(national);
  const phoneUser = await AV.User.signUpOrlogInWithMobilePhone(national, latestCode(phone));
  seen.numberForm = { mobilePhoneNumber: phoneUser.getMobilePhoneNumber() === national, username: phoneUser.getUsername() === national };

  // 3. The master key queries and deletes users, as the SDKs' own fixtures do.
  await AV.User.logOut();
  const found = await new AV.Query('_User').equalTo('username', name).find(master);
  seen.masterQuery = found.map((u) => ({ isMe: u.id === user.id, phone: u.get('phone') }));
  seen.masterQueryByNumber = (await new AV.Query('_User').equalTo('mobilePhoneNumber', national).find(master)).map((u) => u.id === phoneUser.id);
  seen.masterQueryByOwnPhone = (await new AV.Query('_User').equalTo('phone', '415-392-0303').find(master)).map((u) => u.id === user.id);
  seen.clientQuery = await outcome(new AV.Query('_User').equalTo('username', name).find());
  await AV.Object.createWithoutData('_User', phoneUser.id).destroy(master);
  seen.deletedByClasses = await outcome(new AV.Query('_User').get(phoneUser.id, master));
  seen.deleteByUsers = await rest('DELETE', `users/${user.id}`, { master: true });
  seen.deleteByClient = await rest('DELETE', `users/${user.id}`);

  // 6. An unknown username is 210, as a wrong password is: it does not tell which usernames exist.
  seen.unknownUsername = await outcome(AV.User.logIn(name, 'pw-2'));
  const known = await AV.User.signUp(unique('known'), 'right');
  await AV.User.logOut();
  seen.wrongPassword = await outcome(AV.User.logIn(known.getUsername(), 'wrong'));
  return seen;
});
