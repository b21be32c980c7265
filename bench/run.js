'use strict';
// PhoneAuth beside Parse Server 9, on one machine, in one run. See bench/README.md; bench/run.sh
// installs what this needs and then runs it.
//
//   node bench/run.js [--runs 3] [--duration 10] [--warmup 5] [--connections 32] [--out file.json]
//
// Starts a throwaway PostgreSQL cluster; PhoneAuth (Release build) on it and on a SQLite file; Parse
// Server 9 on the same cluster with the tutorial's cloud code. Then, round by round, drives each
// workload against each server with wrk, one server at a time:
//   ceiling  GET /parse/health, the server's trivial endpoint       (wrk -t2)
//   me       GET /parse/users/me with valid session tokens          (wrk -t2)
//   new      requestSmsCode, read the code, signUpOrlogInWithMobilePhone, fresh numbers (one connection per wrk thread)
//   login    the same flow for users made in this round's "new"
// A first, shorter round warms up and is discarded. Every figure printed is the median of the rounds;
// a ratio is taken within each round, then its median.
const { spawn, execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const APP_ID = 'bench-app';
const MASTER_KEY = 'bench-master-key';

const options = parseArgs(process.argv.slice(2), { runs: 3, duration: 10, warmup: 5, connections: 32, out: '' });
if (!(options.runs >= 1 && options.runs <= 8)) throw new Error('--runs must be 1 to 8: each round numbers its phones with one digit.');
const cleanups = [];

function parseArgs(args, defaults) {
  const parsed = { ...defaults };
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i].replace(/^--/, '');
    if (!(key in defaults) || args[i + 1] === undefined) throw new Error(`Unknown or incomplete option ${args[i]}`);
    parsed[key] = typeof defaults[key] === 'number' ? Number(args[i + 1]) : args[i + 1];
  }
  return parsed;
}

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// ---- PostgreSQL -------------------------------------------------------------------------------

function pgBin() {
  if (process.env.PHONEAUTH_PG_BIN) return process.env.PHONEAUTH_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found: run bench/run.sh, or set PHONEAUTH_PG_BIN.');
  return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** Runs a PostgreSQL tool; as root through runuser, because initdb and pg_ctl refuse root. */
function pg(tool, args) {
  const file = path.join(pgBin(), tool);
  const asRoot = process.getuid && process.getuid() === 0;
  execFileSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A cluster with PostgreSQL's default durability (fsync and synchronous_commit on), as in production. */
async function startPostgres() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'phoneauth-bench-pg-'));
  if (process.getuid && process.getuid() === 0) execFileSync('chown', ['-R', 'postgres:postgres', folder]);
  const data = path.join(folder, 'data');
  const port = await freePort();
  pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale']);
  pg('pg_ctl', ['-D', data, '-l', path.join(folder, 'postgres.log'), '-w', '-t', '60', '-o',
    `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=300`, 'start']);
  cleanups.push(() => {
    try { pg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } catch { /* already gone */ }
    fs.rmSync(folder, { recursive: true, force: true });
  });
  for (const db of ['phoneauth', 'parse']) pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', db]);
  const version = execFileSync(path.join(pgBin(), 'postgres'), ['--version']).toString().trim();
  return { port, version };
}

// ---- servers ----------------------------------------------------------------------------------

function built(...parts) {
  const file = path.join(repoRoot, ...parts);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run bench/run.sh, which builds the Release configuration.`);
  return file;
}

function startProcess(name, command, args, env, cwd) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => { output = (output + chunk).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  cleanups.push(() => child.kill('SIGKILL'));
  return { name, child, output: () => output };
}

async function waitHealthy(server) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.process.child.exitCode !== null) throw new Error(`${server.name} exited:\n${server.process.output()}`);
    try {
      const answer = await fetch(`${server.url}/health`);
      if (answer.ok) return;
    } catch { /* not listening yet */ }
    await sleep(200);
  }
  throw new Error(`${server.name} did not become healthy in 90 s:\n${server.process.output()}`);
}

async function startPhoneAuth(name, storage) {
  const port = await freePort();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'phoneauth-bench-'));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  const env = {
    ASPNETCORE_ENVIRONMENT: 'Production',
    Parse__AppId: APP_ID,
    Parse__MasterKey: MASTER_KEY,
    PhoneAuth__CodeSecret: 'bench-code-secret-not-for-production',
    Sms__Provider: 'bench',
    CloudCode__Assemblies__0: built('bench', 'PhoneAuth.Bench.CloudCode', 'bin', 'Release', 'net10.0', 'PhoneAuth.Bench.CloudCode.dll'),
    // The limits run as configured for a busy production; only their thresholds are raised, because
    // every request comes from one address and the benchmark sends far more codes than a day's budget.
    Limits__SendsPerIpPerHour: '2000000000',
    Limits__SendsPerCountryPerHour: '2000000000',
    Limits__GlobalSendsPerHour: '2000000000',
    PhoneAuth__ResendInterval: '00:00:01',
    PhoneAuth__DailyLimitPerNumber: '1000',
    Logging__LogLevel__Default: 'Warning',
    ...storage,
  };
  const process_ = startProcess(name, 'dotnet', [built('Server', 'bin', 'Release', 'net10.0', 'PhoneAuth.Server.dll'), '--urls', `http://127.0.0.1:${port}`], env, folder);
  const server = { name, url: `http://127.0.0.1:${port}/parse`, process: process_, pid: process_.child.pid };
  await waitHealthy(server);
  return server;
}

async function startParseServer(pgPort) {
  const port = await freePort();
  const main = path.join(repoRoot, 'tests', 'node', 'lib', 'parse-server-main.js');
  if (!fs.existsSync(path.join(repoRoot, 'tests', 'node', 'node_modules', 'parse-server'))) {
    throw new Error('npm packages missing: run bench/run.sh (npm ci in tests/node).');
  }
  const env = {
    PARSE_DATABASE_URI: `postgres://postgres@127.0.0.1:${pgPort}/parse`,
    PARSE_PORT: String(port),
    PARSE_APP_ID: APP_ID,
    PARSE_MASTER_KEY: MASTER_KEY,
    NODE_ENV: 'production',
  };
  const process_ = startProcess('Parse Server 9', process.execPath, [main], env, path.dirname(main));
  const server = { name: 'Parse Server 9', url: `http://127.0.0.1:${port}/parse`, process: process_, pid: process_.child.pid };
  await waitHealthy(server);
  return server;
}

// ---- the flow, for set-up --------------------------------------------------------------------

async function call(server, fn, params, master = false) {
  const headers = { 'X-Parse-Application-Id': APP_ID, 'Content-Type': 'application/json' };
  if (master) headers['X-Parse-Master-Key'] = MASTER_KEY;
  const answer = await fetch(`${server.url}/functions/${fn}`, { method: 'POST', headers, body: JSON.stringify(params) });
  const body = await answer.json();
  if (!answer.ok) throw new Error(`${server.name} ${fn}: ${answer.status} ${JSON.stringify(body)}`);
  return body.result;
}

/** Signs up users through the flow and checks that users/me answers each token with its user. */
async function makeSessions(server, count, folder) {
  const tokens = [];
  for (let i = 0; i < count; i++) {
    const phoneNumber = `+861390098${String(i).padStart(4, '0')}`; // thread 00, run 9: never a workload number
    await call(server, 'requestSmsCode', { phoneNumber });
    const code = await call(server, 'readSmsCode', { phoneNumber }, true);
    tokens.push(await call(server, 'signUpOrlogInWithMobilePhone', { phoneNumber, code }));
  }
  const me = await fetch(`${server.url}/users/me`, { headers: { 'X-Parse-Application-Id': APP_ID, 'X-Parse-Session-Token': tokens[0] } });
  const user = await me.json();
  if (!me.ok || user.username !== '+8613900980000') throw new Error(`${server.name}: users/me did not answer the user: ${JSON.stringify(user)}`);
  const file = path.join(folder, `${server.name.replace(/\W+/g, '-')}.tokens`);
  fs.writeFileSync(file, tokens.join('\n') + '\n');
  return file;
}

// ---- wrk --------------------------------------------------------------------------------------

function resetPeakRss(pid) {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

function peakRssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

function wrk({ url, script, threads, connections, seconds, timeout, env }) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, `--timeout`, `${timeout}s`, '-s', path.join(__dirname, 'wrk', script), url];
  const result = spawnSync('wrk', args, {
    env: { ...process.env, BENCH_LUA_PATH: path.join(__dirname, 'wrk'), BENCH_APP_ID: APP_ID, BENCH_MASTER_KEY: MASTER_KEY, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = /^BENCH (.*)$/m.exec(result.stdout || '');
  if (result.status !== 0 || !line) throw new Error(`wrk failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line[1]);
}

const WORKLOADS = ['ceiling', 'me', 'new', 'login'];

function runWorkload(workload, server, round, seconds) {
  const common = { seconds, connections: options.connections };
  switch (workload) {
    case 'ceiling':
      return wrk({ ...common, url: `${server.url}/health`, script: 'health.lua', threads: 2, timeout: 10 });
    case 'me':
      return wrk({ ...common, url: `${server.url}/users/me`, script: 'me.lua', threads: 2, timeout: 10, env: { BENCH_TOKENS: server.tokens } });
    case 'new':
      return wrk({ ...common, url: `${server.url}/`, script: 'flow.lua', threads: options.connections, timeout: 30,
        env: { BENCH_MODE: 'new', BENCH_RUN: String(round) } });
    case 'login': {
      // The users this round's "new" made: wrk's thread t made +86139 <t><round><0..n-1>.
      const phones = server.made[round].flatMap((made, thread) =>
        Array.from({ length: made }, (_, n) => `+86139${String(thread).padStart(2, '0')}${round}${String(n).padStart(5, '0')}`));
      if (phones.length < options.connections) {
        throw new Error(`${server.name}: round ${round} made ${phones.length} users, fewer than the ${options.connections} connections; lengthen --warmup or --duration.`);
      }
      const file = path.join(server.folder, `login-${round}.phones`);
      fs.writeFileSync(file, phones.join('\n') + '\n');
      return wrk({ ...common, url: `${server.url}/`, script: 'flow.lua', threads: options.connections, timeout: 30,
        env: { BENCH_MODE: 'login', BENCH_RUN: String(round), BENCH_PHONES: file, BENCH_THREADS: String(options.connections) } });
    }
    default:
      throw new Error(workload);
  }
}

/** One measurement: throughput (flows/s for the flows), latency in ms, peak RSS in MB. */
function measure(workload, server, round, seconds) {
  resetPeakRss(server.pid);
  const result = runWorkload(workload, server, round, seconds);
  const rss = peakRssMb(server.pid);
  if (workload === 'new') server.made[round] = result.flows_per_thread;
  const flow = workload === 'new' || workload === 'login';
  const seconds_ = result.duration_us / 1e6;
  return {
    rate: (flow ? result.flows : result.requests) / seconds_,
    p50: result.p50_us / 1000,
    p99: result.p99_us / 1000,
    rss,
    errors: result.errors + (result.flow_failures || 0),
  };
}

// ---- report -----------------------------------------------------------------------------------

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

function machine(pgVersion) {
  const cpu = os.cpus();
  const versions = {
    dotnet: execFileSync('dotnet', ['--version']).toString().trim(),
    node: process.version,
    postgres: pgVersion,
    wrk: (spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout || '').split('\n')[0].trim(),
    parseServer: require(path.join(repoRoot, 'tests', 'node', 'node_modules', 'parse-server', 'package.json')).version,
  };
  return { cpu: `${cpu[0].model}, ${cpu.length} cores`, memoryGb: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, versions };
}

const fmt = (value, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function machineCeiling(round, servers, parse) {
  return Math.max(...servers.filter((s) => s !== parse).map((s) => round.ceiling[s.name].rate));
}

function report(results, servers, info) {
  const parse = servers.find((s) => s.name.startsWith('Parse'));
  const rounds = results.rounds;
  const lines = [];
  lines.push(`Machine: ${info.cpu}, ${info.memoryGb} GB, ${info.os}`);
  lines.push(`Versions: .NET ${info.versions.dotnet}, Node ${info.versions.node}, ${info.versions.postgres}, ${info.versions.wrk}, parse-server ${info.versions.parseServer}`);
  lines.push(`${rounds.length} rounds of ${options.duration} s at ${options.connections} connections (after a ${options.warmup} s warm-up round); medians of the rounds.`);
  lines.push('');
  lines.push('| Workload | Server | Throughput | p50 | p99 | Peak RSS | vs Parse Server |');
  lines.push('|---|---|---:|---:|---:|---:|---:|');
  const summary = {};
  for (const workload of WORKLOADS) {
    for (const server of servers) {
      const runs = rounds.map((round) => round[workload][server.name]);
      const unit = workload === 'new' || workload === 'login' ? 'flows/s' : 'req/s';
      const ratio = server === parse ? null : median(rounds.map((round) => round[workload][server.name].rate / round[workload][parse.name].rate));
      const row = {
        rate: median(runs.map((r) => r.rate)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)),
        rss: median(runs.map((r) => r.rss)), errors: runs.reduce((sum, r) => sum + r.errors, 0), ratio,
      };
      summary[`${workload}/${server.name}`] = row;
      lines.push(`| ${workload} | ${server.name} | ${fmt(row.rate)} ${unit} | ${fmt(row.p50, 1)} ms | ${fmt(row.p99, 1)} ms | ${fmt(row.rss)} MB | ${ratio === null ? '1×' : fmt(ratio, 1) + '×'} |`);
      if (row.errors > 0) lines.push(`|  | ↳ ${row.errors} failed requests or flows in the rounds | | | | | |`);
    }
  }
  lines.push('');
  lines.push('Targets (PhoneAuth on each engine):');
  let allMet = true;
  for (const server of servers.filter((s) => s !== parse)) {
    const me = summary[`me/${server.name}`];
    // The machine's ceiling in a round: the best trivial-endpoint rate of any PhoneAuth process.
    const ceiling = median(rounds.map((round) => round.me[server.name].rate / machineCeiling(round, servers, parse)));
    const rss = Math.max(...WORKLOADS.map((w) => summary[`${w}/${server.name}`].rss));
    const checks = [
      [`(a) users/me ≥ 20× Parse Server`, me.ratio >= 20, `${fmt(me.ratio, 1)}×`],
      [`(a) users/me ≥ ½ of the machine's ceiling`, ceiling >= 0.5, `${fmt(ceiling * 100)}% of the best trivial-endpoint rate`],
      [`(a) users/me p99 < 20 ms`, me.p99 < 20, `${fmt(me.p99, 1)} ms`],
      [`(b) new phones ≥ 20× Parse Server`, summary[`new/${server.name}`].ratio >= 20, `${fmt(summary[`new/${server.name}`].ratio, 1)}×`],
      [`(c) login by code ≥ 20× Parse Server`, summary[`login/${server.name}`].ratio >= 20, `${fmt(summary[`login/${server.name}`].ratio, 1)}×`],
      [`peak RSS < 200 MB`, rss < 200, `${fmt(rss)} MB`],
      [`no failed requests`, WORKLOADS.every((w) => summary[`${w}/${server.name}`].errors === 0), ''],
    ];
    for (const [name, met, value] of checks) {
      allMet &&= met;
      lines.push(`- ${server.name}: ${name}: ${met ? 'met' : 'NOT MET'}${value ? ` (${value})` : ''}`);
    }
  }
  return { text: lines.join('\n'), summary, allMet };
}

// ---- main -------------------------------------------------------------------------------------

async function main() {
  log('starting PostgreSQL');
  const postgres = await startPostgres();
  const info = machine(postgres.version);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'phoneauth-bench-run-'));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));

  log('starting the servers');
  const servers = [
    await startPhoneAuth('PhoneAuth (PostgreSQL)', {
      Storage__Provider: 'postgres',
      Storage__ConnectionString: `Host=127.0.0.1;Port=${postgres.port};Username=postgres;Database=phoneauth`,
    }),
    await startPhoneAuth('PhoneAuth (SQLite)', {
      Storage__Provider: 'sqlite',
      Storage__ConnectionString: `Data Source=${path.join(folder, 'phoneauth.db')}`,
    }),
    await startParseServer(postgres.port),
  ];
  for (const server of servers) {
    log(`signing up 64 users on ${server.name}`);
    server.tokens = await makeSessions(server, 64, folder);
    server.folder = folder;
    server.made = {};
  }

  const rounds = [];
  for (let round = 0; round <= options.runs; round++) {
    const seconds = round === 0 ? options.warmup : options.duration;
    const results = {};
    for (const workload of WORKLOADS) {
      results[workload] = {};
      for (const server of servers) {
        log(`${round === 0 ? 'warm-up' : `round ${round}/${options.runs}`}: ${workload} on ${server.name}`);
        results[workload][server.name] = measure(workload, server, round, seconds);
      }
    }
    if (round > 0) rounds.push(results);
  }

  const { text, summary, allMet } = report({ rounds }, servers, info);
  process.stdout.write(`\n${text}\n`);
  if (options.out) {
    fs.writeFileSync(options.out, JSON.stringify({ date: new Date().toISOString(), options, machine: info, summary, rounds }, null, 2));
    log(`wrote ${options.out}`);
  }
  return allMet ? 0 : 1;
}

function cleanUp() {
  while (cleanups.length) {
    try { cleanups.pop()(); } catch { /* best effort */ }
  }
}

process.on('SIGINT', () => { cleanUp(); process.exit(130); });
main()
  .then((code) => { cleanUp(); process.exit(code); })
  .catch((error) => { console.error(error); cleanUp(); process.exit(2); });
