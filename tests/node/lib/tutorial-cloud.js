'use strict';
// The popular tutorial's cloud code, as it is written there: codes in an in-memory cache, no expiry,
// no attempt limit, and the code used as the user's password. It is what PhoneAuth replaces; it runs
// only so that benchmarks and wire tests can compare the two servers. The one addition is
// "readSmsCode", a master-key-only function through which a benchmark reads the code it was "sent".
const codes = new Map();

Parse.Cloud.define('requestSmsCode', async (request) => {
  const phoneNumber = request.params.phoneNumber;
  const code = String(Math.floor(100000 + Math.random() * 900000));
  codes.set(phoneNumber, code); // the tutorial "sends" it here
  return 'success';
});

Parse.Cloud.define('signUpOrlogInWithMobilePhone', async (request) => {
  const { phoneNumber, code } = request.params;
  if (!codes.has(phoneNumber) || codes.get(phoneNumber) !== code) throw new Parse.Error(141, 'Invalid code.');
  const query = new Parse.Query(Parse.User);
  query.equalTo('username', phoneNumber);
  const existing = await query.first({ useMasterKey: true });
  if (existing) {
    // The tutorial resets the password to the code, then logs in with it.
    existing.setPassword(code);
    await existing.save(null, { useMasterKey: true });
    const user = await Parse.User.logIn(phoneNumber, code);
    return user.getSessionToken();
  }
  const user = new Parse.User();
  user.setUsername(phoneNumber);
  user.setPassword(code);
  user.set('phone', phoneNumber);
  await user.signUp();
  // In cloud code a sign-up makes no session, so the tutorial logs in with the code as the password.
  const loggedIn = await Parse.User.logIn(phoneNumber, code);
  return loggedIn.getSessionToken();
});

Parse.Cloud.define('readSmsCode', (request) => codes.get(request.params.phoneNumber) ?? null, { requireMaster: true });
