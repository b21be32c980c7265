'use strict';
// Starts the real PhoneAuth server (the built Server DLL) on a free loopback port, with its own
// SQLite file and dev outbox in a temporary folder, and reads codes from that outbox.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const APP_ID = 'node-test-app';
const MASTER_KEY = 'node-test-master-key';

function serverDll() {
  if (process.env.PHONEAUTH_SERVER_DLL) return process.env.PHONEAUTH_SERVER_DLL;
  // The most recently built configuration, so a stale build is never tested by mistake.
  const candidates = ['Release', 'Debug']
    .map((configuration) => path.join(repoRoot, 'Server', 'bin', configuration, 'net10.0', 'PhoneAuth.Server.dll'))
    .filter((candidate) => fs.existsSync(candidate))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (candidates.length === 0) throw new Error('Build the server first (dotnet build), or set PHONEAUTH_SERVER_DLL.');
  return candidates[0];
}

/** The sample cloud-code assembly (functions, triggers, an authData provider), built beside the server. */
function sampleCloudCodeDll() {
  const server = serverDll();
  const configuration = path.basename(path.dirname(path.dirname(server)));
  return path.join(repoRoot, 'tests', 'PhoneAuth.SampleCloudCode', 'bin', configuration, 'net10.0', 'PhoneAuth.SampleCloudCode.dll');
}

async function startServer(extraEnv = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoneauth-node-'));
  const outbox = path.join(dir, 'outbox.jsonl');
  const env = {
    ...process.env,
    ASPNETCORE_ENVIRONMENT: 'Production',
    Urls: 'http://127.0.0.1:0',
    Parse__AppId: APP_ID,
    Parse__MasterKey: MASTER_KEY,
    PhoneAuth__CodeSecret: 'node-test-code-secret',
    Storage__Provider: 'sqlite',
    Storage__ConnectionString: `Data Source=${path.join(dir, 'phoneauth.db')}`,
    Sms__Provider: 'dev',
    Sms__Dev__OutboxPath: outbox,
    ...extraEnv,
  };
  const child = spawn('dotnet', [serverDll()], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 60 s:\n${log}`)), 60_000);
    const onData = (chunk) => {
      log += chunk;
      const match = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`The server exited with ${code}:\n${log}`)); });
  });
  child.removeAllListeners('exit');

  return {
    url,
    serverURL: `${url}/parse`,
    appId: APP_ID,
    masterKey: MASTER_KEY,
    log: () => log,
    /** The newest code the dev provider "sent" to this E.164 number (notices carry none). */
    latestCode(phone) {
      const lines = fs.existsSync(outbox) ? fs.readFileSync(outbox, 'utf8').split('\n').filter(Boolean).map(JSON.parse) : [];
      const message = lines.filter((m) => m.to === phone && typeof m.code === 'string').pop();
      if (!message) throw new Error(`No SMS was sent to ${phone}`);
      return message.code;
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh mainland mobile number in canonical form. */
function newPhone() {
  return '+86139' + String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');
}

module.exports = { startServer, newPhone, sampleCloudCodeDll };
