'use strict';
// The LeanCloud dialect through the official LeanCloud JS SDK (leancloud-storage 4.15.2, the last
// 4.x), initialised with serverURL pointing here: every phone call a LeanCloud app makes.
const { test, before, after, beforeEach } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, newPhone } = require('../lib/server');
const { LEANCLOUD, connect } = require('../lib/leancloud');

let server;
let AV;

before(async () => {
  server = await startServer({ ...LEANCLOUD, PhoneAuth__ResendInterval: '00:00:00.100' });
  AV = connect(server);
});
after(async () => server?.stop());
beforeEach(async () => AV.User.logOut());

const pause = () => new Promise((resolve) => setTimeout(resolve, 120));
/** LeanCloud's form of a mainland number, in which /1.1 answers it: the 11 national digits. */
const national = (phone) => phone.replace(/^\+86/, '');
/** Asks for a code the way the app would, then reads it from the dev outbox as the user reads the SMS. */
async function smsCode(phone, ask = (p) => AV.Cloud.requestSmsCode(p)) {
  await pause();
  await ask(phone);
  return server.latestCode(phone);
}
const rejectsWith = (promise, code) => assert.rejects(promise, (e) => {
  assert.equal(e.code, code, `expected code ${code}, got ${e.code}: ${e.message}`);
  return true;
});

test('signUpOrlogInWithMobilePhone signs up, become() and current() follow, and the same number logs in again', async () => {
  const phone = newPhone();
  const user = await AV.User.signUpOrlogInWithMobilePhone(phone, await smsCode(phone), { nickname: 'Ada' });
  assert.equal(user.getMobilePhoneNumber(), national(phone));
  assert.equal(user.get('mobilePhoneVerified'), true);
  assert.equal(user.get('nickname'), 'Ada');
  assert.equal(user.getUsername(), national(phone));
  const token = user.getSessionToken();
  assert.match(token, /^r:[0-9a-f]{32}$/);
  assert.equal(AV.User.current().id, user.id);

  await AV.User.logOut();
  assert.equal(AV.User.current(), null);
  const again = await AV.User.become(token);
  assert.equal(again.id, user.id);
  assert.equal(again.get('nickname'), 'Ada');
  assert.equal(AV.User.current().id, user.id);

  await AV.User.logOut();
  const login = await AV.User.signUpOrlogInWithMobilePhone(phone, await smsCode(phone), { nickname: 'ignored on login' });
  assert.equal(login.id, user.id);
  assert.equal(login.get('nickname'), 'Ada');
  assert.notEqual(login.getSessionToken(), token);

  // One user, whichever dialect: the Parse dialect knows the LeanCloud session, and shows numbers in E.164.
  const me = await (await fetch(`${server.serverURL}/users/me`, { headers: { 'X-Parse-Application-Id': server.appId, 'X-Parse-Session-Token': token } })).json();
  assert.equal(me.phone, phone);
  assert.equal(me.username, phone);
});

test('verifySmsCode uses a code up, with the number or (old SDKs) without it; a wrong code is 603', async () => {
  const phone = newPhone();
  await AV.Cloud.verifySmsCode(await smsCode(phone), phone);
  const used = server.latestCode(phone);
  await rejectsWith(AV.Cloud.verifySmsCode(used, phone), 603);

  const code = await smsCode(phone);
  await rejectsWith(AV.Cloud.verifySmsCode(code === '000000' ? '111111' : '000000', phone), 603);
  await AV.Cloud.verifySmsCode(code); // the number this client asked for
});

test('requestLoginSmsCode and logInWithMobilePhoneSmsCode; an unknown number is 213, after the code', async () => {
  const phone = newPhone();
  const user = await AV.User.signUpOrlogInWithMobilePhone(phone, await smsCode(phone));
  await AV.User.logOut();
  const loggedIn = await AV.User.logInWithMobilePhoneSmsCode(phone, await smsCode(phone, (p) => AV.User.requestLoginSmsCode(p)));
  assert.equal(loggedIn.id, user.id);
  assert.equal(AV.User.current().id, user.id);

  const stranger = newPhone();
  await rejectsWith(AV.User.logInWithMobilePhoneSmsCode(stranger, '123456'), 603);
  await rejectsWith(AV.User.logInWithMobilePhoneSmsCode(stranger, await smsCode(stranger, (p) => AV.User.requestLoginSmsCode(p))), 213);
});

test('a user signed up by code with a password logs in with the number and the password; a wrong one is 210', async () => {
  const phone = newPhone();
  const user = await AV.User.signUpOrlogInWithMobilePhone(phone, await smsCode(phone), { password: 's3cret!' });
  await AV.User.logOut();
  assert.equal((await AV.User.logInWithMobilePhone(phone, 's3cret!')).id, user.id);
  await AV.User.logOut();
  await rejectsWith(AV.User.logInWithMobilePhone(phone, 'wrong'), 210);
  assert.equal((await AV.User.logIn(phone, 's3cret!')).id, user.id); // the username is the number
  await AV.User.logOut();
  assert.equal((await AV.User.logIn(national(phone), 's3cret!')).id, user.id); // in the form the SDK was shown
  await AV.User.logOut();
  assert.equal((await AV.User.logInWithMobilePhone(national(phone), 's3cret!')).id, user.id);
});

test('a password user with an unverified number: no code login (215) until it verifies the number itself', async () => {
  const user = await AV.User.signUp(`lc_${Date.now()}`, 'pw');
  const phone = newPhone();
  await user.save({ mobilePhoneNumber: phone }, { useMasterKey: true }); // an administrator typed it in
  assert.equal(user.get('mobilePhoneVerified'), false);
  await AV.User.logOut();
  await rejectsWith(AV.User.logInWithMobilePhoneSmsCode(phone, await smsCode(phone, (p) => AV.User.requestLoginSmsCode(p))), 215);

  await AV.User.logIn(user.getUsername(), 'pw');
  await AV.User.verifyMobilePhone(await smsCode(phone, (p) => AV.User.requestMobilePhoneVerify(p))); // 4.15.2 sends no body: the session names the user
  assert.equal((await AV.User.current().fetch()).get('mobilePhoneVerified'), true);
  await AV.User.logOut();
  assert.equal((await AV.User.logInWithMobilePhoneSmsCode(phone, await smsCode(phone, (p) => AV.User.requestLoginSmsCode(p)))).id, user.id);
});

test('a password reset by SMS, in the form of the SDKs before 2024, ends the old sessions', async () => {
  const phone = newPhone();
  const user = await AV.User.signUpOrlogInWithMobilePhone(phone, await smsCode(phone), { password: 'old-pass' });
  const oldToken = user.getSessionToken();
  await AV.User.logOut();

  const code = await smsCode(phone, (p) => AV.User.requestPasswordResetBySmsCode(p));
  await AV.User.resetPasswordBySmsCode(code, 'new-pass'); // 4.15.2 sends only the password
  await rejectsWith(AV.User.become(oldToken), 211);
  assert.equal((await AV.User.logInWithMobilePhone(phone, 'new-pass')).id, user.id);
  await AV.User.logOut();
  await rejectsWith(AV.User.resetPasswordBySmsCode(code, 'again'), 603);
});

test('requestChangePhoneNumber and changePhoneNumber move the user; a number someone holds is 214', async () => {
  const first = newPhone();
  const user = await AV.User.signUpOrlogInWithMobilePhone(first, await smsCode(first));
  const second = newPhone();
  await AV.User.changePhoneNumber(second, await smsCode(second, (p) => AV.User.requestChangePhoneNumber(p)));
  const fetched = await AV.User.current().fetch();
  assert.equal(fetched.getMobilePhoneNumber(), national(second));
  assert.equal(fetched.get('mobilePhoneVerified'), true);

  const other = newPhone();
  await AV.User.signUpOrlogInWithMobilePhone(other, await smsCode(other));
  await AV.User.logOut();
  await AV.User.logInWithMobilePhoneSmsCode(second, await smsCode(second, (p) => AV.User.requestLoginSmsCode(p)));
  assert.equal(AV.User.current().id, user.id);
  await rejectsWith(AV.User.changePhoneNumber(other, await smsCode(other, (p) => AV.User.requestChangePhoneNumber(p))), 214);
});

test('sign-up with a username, custom fields saved through the SDK, and LeanCloud error codes', async () => {
  const name = `lc_${Date.now()}`;
  const user = await AV.User.signUp(name, 'pw', { city: 'Hangzhou' });
  assert.equal(user.get('mobilePhoneVerified'), false);
  user.set('age', 30);
  await user.save();
  assert.equal((await AV.User.become(user.getSessionToken())).get('age'), 30);
  await AV.User.logOut();
  await rejectsWith(AV.User.signUp(name, 'pw'), 202);
  await rejectsWith(AV.User.logIn(name, 'wrong'), 210);
  await rejectsWith(AV.Cloud.requestSmsCode('12345'), 127);
  const phone = newPhone();
  await AV.Cloud.requestSmsCode(phone);
  await rejectsWith(AV.Cloud.requestSmsCode(phone), 601);
  await rejectsWith(AV.User.signUp(`lc2_${Date.now()}`, 'pw', { mobilePhoneNumber: newPhone() }), 119);
});
