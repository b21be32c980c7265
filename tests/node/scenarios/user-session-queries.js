'use strict';
// The official Parse JS SDK's user and session queries, as its own ParseUserTest makes them, against
// the server named on the command line: node user-session-queries.js <serverURL> <appId> <masterKey>.
// Prints one JSON object of what the SDK saw; the .NET test that runs it (on each storage engine, and
// against Parse Server 9 for reference) asserts on it.
const Parse = require('parse/node');

async function main() {
  const [serverURL, appId, masterKey] = process.argv.slice(2);
  Parse.initialize(appId, undefined, masterKey);
  Parse.serverURL = serverURL;
  Parse.User.enableUnsafeCurrentUser();

  const username = `q_${process.pid}_${Date.now().toString(36)}`;
  const user = await Parse.User.signUp(username, 'secret', {});
  const token = user.getSessionToken();
  // A second session for the same user, from another installation.
  const second = await Parse.User.logIn(username, 'secret', { installationId: '22222222-2222-4222-8222-222222222222' });
  const secondToken = second.getSessionToken();

  // new Parse.Query(Parse.User).get(id) sends GET classes/_User?where={"objectId":…}&limit=1.
  const fetched = await new Parse.Query(Parse.User).get(user.id, { sessionToken: token });
  const found = await new Parse.Query(Parse.User).equalTo('username', username).find({ sessionToken: token });

  const mine = (s) => s.get('user') && s.get('user').id === user.id;
  const byDefault = (await new Parse.Query(Parse.Session).find({ useMasterKey: true })).filter(mine);
  const ascending = (await new Parse.Query(Parse.Session).ascending('createdAt').find({ useMasterKey: true })).filter(mine);
  const descending = (await new Parse.Query(Parse.Session).descending('createdAt').find({ useMasterKey: true })).filter(mine);
  const own = await new Parse.Query(Parse.Session).find({ sessionToken: secondToken });

  const view = (sessions) => sessions.map((s) => ({
    createdAt: s.createdAt.toISOString(),
    hasToken: typeof s.get('sessionToken') === 'string',
    tokenIsSecond: s.get('sessionToken') === secondToken,
    keys: Object.keys(s.attributes).sort(),
  }));
  console.log(JSON.stringify({
    getCarriesToken: fetched.getSessionToken() !== undefined,
    findCarriesToken: found.map((u) => u.getSessionToken() !== undefined),
    defaultOrder: view(byDefault),
    ascending: view(ascending),
    descending: view(descending),
    ownSessions: view(own),
  }));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
