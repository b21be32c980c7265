'use strict';
// The official LeanCloud JS SDK (npm leancloud-storage 4.x) pointed at the PhoneAuth server, as a
// LeanCloud app moving here is: the same App ID and App Key, only the server URL changes.
// One instance per test file (node --test runs each file in its own process).
const AV = require('leancloud-storage');

const LEANCLOUD = {
  LeanCloud__AppId: 'lc-node-app-MdYXbMMI',
  LeanCloud__AppKey: 'lc-node-app-key',
  LeanCloud__MasterKey: 'lc-node-master-key',
};

function connect(server) {
  AV.init({ appId: LEANCLOUD.LeanCloud__AppId, appKey: LEANCLOUD.LeanCloud__AppKey, masterKey: LEANCLOUD.LeanCloud__MasterKey, serverURL: server.url });
  // Errors keep the server's own message, without the SDK's " [400 POST url]" suffix.
  AV.keepErrorRawMessage(true);
  return AV;
}

module.exports = { LEANCLOUD, connect };
