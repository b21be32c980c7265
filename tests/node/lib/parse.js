'use strict';
// One Parse SDK instance per test file (node --test runs each file in its own process).
const Parse = require('parse/node');

function connect(server) {
  Parse.initialize(server.appId, undefined, server.masterKey);
  Parse.serverURL = server.serverURL;
  Parse.User.enableUnsafeCurrentUser();
  return Parse;
}

/** A raw REST call, for what the SDK hides: status codes and headers. */
async function rest(server, method, path, { body, sessionToken, master, headers } = {}) {
  const response = await fetch(`${server.serverURL}/${path}`, {
    method,
    headers: {
      'X-Parse-Application-Id': server.appId,
      'Content-Type': 'application/json',
      ...(sessionToken ? { 'X-Parse-Session-Token': sessionToken } : {}),
      ...(master ? { 'X-Parse-Master-Key': server.masterKey } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

let counter = 0;
/** A username unique to this run. */
function uniqueName(prefix = 'user') {
  counter += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

module.exports = { connect, rest, uniqueName };
