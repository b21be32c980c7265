'use strict';
// The phone-account lifecycle through the official Parse JS SDK: bind, verify for a ticket, change
// number, log in only, register, unbind, reset the password.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, newPhone } = require('../lib/server');
const { connect, uniqueName } = require('../lib/parse');

let server;
let Parse;

before(async () => {
  server = await startServer({ PhoneAuth__ResendInterval: '00:00:00.100' });
  Parse = connect(server);
});
after(async () => server?.stop());

const pause = () => new Promise((resolve) => setTimeout(resolve, 120));
async function code(phoneNumber, purpose, expectTo = phoneNumber) {
  await pause();
  await Parse.Cloud.run('requestSmsCode', phoneNumber ? { phoneNumber, purpose } : { purpose });
  return server.latestCode(expectTo);
}

test('a password user binds a phone, proves it for a ticket and moves to a new number', async () => {
  const user = await Parse.User.signUp(uniqueName(), 'pw');
  const first = newPhone();
  const bound = await Parse.Cloud.run('bindMobilePhone', { phoneNumber: first, code: await code(first, 'bind') });
  assert.ok(bound instanceof Parse.User, 'the result decodes to a Parse.User');
  assert.equal(bound.id, user.id);
  assert.equal(bound.get('phone'), first);

  const { ticket } = await Parse.Cloud.run('verifyMyPhone', { code: await code(null, 'verify', first) });
  const second = newPhone();
  const moved = await Parse.Cloud.run('changeMobilePhone', { ticket, newPhoneNumber: second, newCode: await code(second, 'change') });
  assert.equal(moved.get('phone'), second);
  await assert.rejects(
    Parse.Cloud.run('changeMobilePhone', { ticket, newPhoneNumber: newPhone(), newCode: '123456' }),
    (e) => e.code === 603);

  await Parse.User.logOut();
  const token = await Parse.Cloud.run('logInWithMobilePhone', { phoneNumber: second, code: await code(second, 'login') });
  assert.equal((await Parse.User.become(token)).id, user.id);

  const unbound = await Parse.Cloud.run('unbindMobilePhone', { code: await code(null, 'unbind', second) });
  assert.equal(unbound.get('phone'), undefined);
  await Parse.User.logOut();
});

test('register with a nickname, refuse a second registration, reset the password by SMS', async () => {
  const phone = newPhone();
  const token = await Parse.Cloud.run('registerWithMobilePhone', { phoneNumber: phone, code: await code(phone, 'register'), nickname: 'Mei' });
  const user = await Parse.User.become(token);
  assert.equal(user.get('nickname'), 'Mei');
  await Parse.User.logOut();

  await assert.rejects(
    Parse.Cloud.run('registerWithMobilePhone', { phoneNumber: phone, code: await code(phone, 'register') }),
    (e) => e.code === 214);
  await assert.rejects(
    Parse.Cloud.run('logInWithMobilePhone', { phoneNumber: newPhone(), code: '123456' }),
    (e) => e.code === 603);

  await Parse.Cloud.run('resetPasswordBySmsCode', { phoneNumber: phone, code: await code(phone, 'resetPassword'), password: 'by-sms' });
  await assert.rejects(Parse.User.become(token), (e) => e.code === 209);
  const loggedIn = await Parse.User.logIn(user.getUsername(), 'by-sms');
  assert.equal(loggedIn.id, user.id);
  await Parse.User.logOut();
});
