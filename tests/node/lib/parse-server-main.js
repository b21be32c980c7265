'use strict';
// Runs Parse Server 9 (npm parse-server) on PostgreSQL, for wire-compatibility tests and benchmarks.
// Settings come from the environment; prints "Parse Server listening on <url>" when ready.
//   PARSE_DATABASE_URI  postgres://postgres@127.0.0.1:5432/db   (required)
//   PARSE_PORT          0 picks a free port                       (default 0)
//   PARSE_APP_ID, PARSE_MASTER_KEY                                (defaults below)
//   PARSE_CLOUD         the cloud code file, in this folder         (default tutorial-cloud.js)
// No log files: Parse Server reads this when it loads, before its options; "null" turns files off.
process.env.PARSE_SERVER_LOGS_FOLDER = 'null';
const path = require('node:path');
const express = require('express');
const { ParseServer } = require('parse-server');

async function main() {
  const appId = process.env.PARSE_APP_ID || 'parse-app';
  const masterKey = process.env.PARSE_MASTER_KEY || 'parse-master-key';
  const app = express();
  const http = app.listen(Number(process.env.PARSE_PORT || 0), '127.0.0.1');
  await new Promise((resolve) => http.once('listening', resolve));
  const url = `http://127.0.0.1:${http.address().port}/parse`;
  const server = new ParseServer({
    databaseURI: process.env.PARSE_DATABASE_URI,
    appId,
    masterKey,
    serverURL: url,
    cloud: path.join(__dirname, path.basename(process.env.PARSE_CLOUD || 'tutorial-cloud.js')),
    logLevel: 'error',
    silent: true,
  });
  await server.start();
  app.use('/parse', server.app);
  console.log(`Parse Server listening on ${url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
