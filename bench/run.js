'use strict';
// PhoneAuth beside Parse Server 9, on one machine, in one run. See bench/README.md; bench/run.sh
// installs what this needs and then runs it.
//
//   node bench/run.js [--runs 5] [--duration 10] [--warmup 5] [--connections 32] [--out file.json]
//                     [--workloads ceiling,me,new,login,create,get,query,include] [--objects 100000]
//
// Starts a throwaway PostgreSQL cluster; PhoneAuth (Release build) on it and on a SQLite file; Parse
// Server 9 twice on the same cluster, each on its own database: with the tutorial's cloud code
// (tests/node/lib/tutorial-cloud.js: two bcrypts per flow) and with a stronger, sensible one
// (strong-cloud.js: one bcrypt per new user, none for a returning one). Then, round by round, drives
// each workload against each server with wrk, one server at a time (the object workloads against
// PhoneAuth and one Parse Server: cloud code plays no part in them):
//   ceiling  GET /parse/health, the server's trivial endpoint       (wrk -t2)
//   me       GET /parse/users/me with valid session tokens          (wrk -t2)
//   new      requestSmsCode, read the code, signUpOrlogInWithMobilePhone, fresh numbers (one connection per wrk thread)
//   login    the same flow for users made in this round's "new"
//   create   POST /parse/classes/BenchItem, one object per request         (wrk -t2, as are the next three)
//   get      GET /parse/classes/BenchItem/{id}, ids drawn from the seeded objects
//   query    GET /parse/classes/BenchItem?where={"score":{"$gte":X}}&order=score&limit=20, X random
//   include  the same query with include=owner (a pointer to one of 1,000 BenchOwner objects)
// The object workloads run on --objects BenchItem objects (and 1,000 owners), the same on every
// server, seeded through /parse/batch, with an index on score made through /parse/schemas; the
// plans of the read workloads on each database are captured and printed (see capturePlans).
// A first, shorter round warms up and is discarded. Every figure printed is the median of the rounds;
// a ratio is taken within each round, then its median. PhoneAuth's ratio is against the strongest
// Parse Server of that round and workload (the faster of the two variants).
const { spawn, execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..');
const APP_ID = 'bench-app';
const MASTER_KEY = 'bench-master-key';

const AUTH_WORKLOADS = ['ceiling', 'me', 'new', 'login'];
/** The Parse Server peers: each its own database and cloud code; the first also serves the object workloads. */
const PARSE_VARIANTS = [
  { name: 'Parse Server 9 (tutorial)', db: 'parse', cloud: 'tutorial-cloud.js', objects: true },
  { name: 'Parse Server 9 (strong)', db: 'parse_strong', cloud: 'strong-cloud.js', objects: false },
];
const OBJECT_WORKLOADS = ['create', 'get', 'query', 'include'];
const ALL_WORKLOADS = [...AUTH_WORKLOADS, ...OBJECT_WORKLOADS];

const options = parseArgs(process.argv.slice(2),
  { runs: 5, duration: 10, warmup: 5, connections: 32, out: '', workloads: ALL_WORKLOADS.join(','), objects: 100_000, scaleout: 3, hold: '' });
if (!(Number.isInteger(options.scaleout) && options.scaleout >= 0 && options.scaleout <= 4)) throw new Error('--scaleout must be 0 (none) to 4 processes.');
if (!(options.runs >= 1 && options.runs <= 8)) throw new Error('--runs must be 1 to 8: each round numbers its phones with one digit.');
const WORKLOADS = options.workloads.split(',').map((w) => w.trim()).filter(Boolean);
for (const w of WORKLOADS) if (!ALL_WORKLOADS.includes(w)) throw new Error(`Unknown workload ${w}: choose among ${ALL_WORKLOADS.join(',')}.`);
if (WORKLOADS.length === 0) throw new Error('--workloads names no workload.');
if (WORKLOADS.includes('login') && !WORKLOADS.includes('new')) throw new Error('login needs new: it logs in the users that new made in the same round.');
// In the order of ALL_WORKLOADS, whatever the order given.
WORKLOADS.splice(0, WORKLOADS.length, ...ALL_WORKLOADS.filter((w) => WORKLOADS.includes(w)));
const has = (workload) => WORKLOADS.includes(workload);
if (OBJECT_WORKLOADS.some(has) && !(options.objects >= 1000 && Number.isInteger(options.objects))) {
  throw new Error('--objects must be a whole number of at least 1000.');
}
const cleanups = [];
let holding = false;

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
  for (const db of ['phoneauth', ...PARSE_VARIANTS.map((v) => v.db)]) pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', db]);
  const version = execFileSync(path.join(pgBin(), 'postgres'), ['--version']).toString().trim();
  return { port, version, data, log: path.join(folder, 'postgres.log') };
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

async function startParseServer(pgPort, variant) {
  const port = await freePort();
  const main = path.join(repoRoot, 'tests', 'node', 'lib', 'parse-server-main.js');
  if (!fs.existsSync(path.join(repoRoot, 'tests', 'node', 'node_modules', 'parse-server'))) {
    throw new Error('npm packages missing: run bench/run.sh (npm ci in tests/node).');
  }
  const env = {
    PARSE_DATABASE_URI: `postgres://postgres@127.0.0.1:${pgPort}/${variant.db}`,
    PARSE_CLOUD: variant.cloud,
    PARSE_PORT: String(port),
    PARSE_APP_ID: APP_ID,
    PARSE_MASTER_KEY: MASTER_KEY,
    NODE_ENV: 'production',
  };
  const process_ = startProcess(variant.name, process.execPath, [main], env, path.dirname(main));
  const server = {
    name: variant.name, url: `http://127.0.0.1:${port}/parse`, process: process_, pid: process_.child.pid,
    peer: true, db: variant.db, servesObjects: variant.objects,
  };
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

// ---- objects: seeding, checks and plans --------------------------------------------------------

const OWNERS = 1000;
const SCORE_MAX = 1_000_000; // seeded scores are whole numbers from 0 to SCORE_MAX - 1
const BATCH = 50;
const SEED_CONCURRENCY = 8;

/** The seeded scores: the same on every server, from a small seeded generator (mulberry32). */
function seededScores(count) {
  let state = 20261221;
  const next = () => {
    state = (state + 0x6D2B79F5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Math.floor(next() * SCORE_MAX));
}

/** One REST call; answers { status, body }. Without master, as a client app: the application id only. */
async function rest(server, method, pathname, body, master = false) {
  const headers = { 'X-Parse-Application-Id': APP_ID };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (master) headers['X-Parse-Master-Key'] = MASTER_KEY;
  const answer = await fetch(`${server.url}${pathname}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await answer.text();
  let parsed;
  try { parsed = JSON.parse(text); } catch { parsed = text; }
  return { status: answer.status, body: parsed };
}

/** A call that must succeed; otherwise throws with the request and the answer. */
async function must(server, method, pathname, body, master = false) {
  const answer = await rest(server, method, pathname, body, master);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`${server.name}: ${method} ${pathname} ${body === undefined ? '' : JSON.stringify(body).slice(0, 300)} answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 1000)}`);
  }
  return answer.body;
}

/**
 * Creates the objects through POST /batch, BATCH per request, SEED_CONCURRENCY requests at a time,
 * with the master key; answers their ids in order. Each batch is one transaction (transaction: true)
 * where the server accepts it; a server that refuses the first gets plain batches, and that is logged.
 */
async function createAll(server, className, bodies) {
  const mount = new URL(server.url).pathname;
  const ids = new Array(bodies.length);
  const chunks = [];
  for (let start = 0; start < bodies.length; start += BATCH) chunks.push(start);
  const send = async (start) => {
    const chunk = bodies.slice(start, start + BATCH);
    const requests = chunk.map((body) => ({ method: 'POST', path: `${mount}/classes/${className}`, body }));
    let answer = await rest(server, 'POST', '/batch', { requests, transaction: server.batchTransaction }, true);
    if (answer.status !== 200 && server.batchTransaction && start === 0) {
      log(`${server.name}: a batch with transaction: true answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}; seeding with plain batches`);
      server.batchTransaction = false;
      answer = await rest(server, 'POST', '/batch', { requests }, true);
    }
    const results = answer.body;
    if (answer.status !== 200 || !Array.isArray(results) || results.length !== chunk.length) {
      throw new Error(`${server.name}: POST /batch of ${chunk.length} ${className} answered ${answer.status} ${JSON.stringify(results).slice(0, 1000)}`);
    }
    results.forEach((result, i) => {
      const id = result && result.success && result.success.objectId;
      if (!id) throw new Error(`${server.name}: POST /batch, ${className} ${JSON.stringify(chunk[i])}: ${JSON.stringify(result)}`);
      ids[start + i] = id;
    });
  };
  await send(chunks[0]); // alone: it decides whether batches are transactions
  let next = 1;
  let done = 1;
  const workers = Array.from({ length: SEED_CONCURRENCY }, async () => {
    while (next < chunks.length) {
      const start = chunks[next++];
      await send(start);
      if (++done % Math.max(1, Math.round(chunks.length / 5)) === 0) log(`  ${server.name}: ${Math.min(done * BATCH, bodies.length)}/${bodies.length} ${className}`);
    }
  });
  await Promise.all(workers);
  return ids;
}

/**
 * The object workloads' data, the same on every server (only objectIds differ): OWNERS BenchOwner
 * {name}, and `count` BenchItem {name, score, owner}, item i pointing to owner i mod OWNERS, with an
 * index on score. Classes and index through /schemas, objects through /batch, with the master key;
 * the objects have no ACL (public).
 */
async function seedObjects(server, count, folder) {
  server.batchTransaction = true;
  await must(server, 'POST', '/schemas/BenchOwner', { className: 'BenchOwner', fields: { name: { type: 'String' } } }, true);
  await must(server, 'POST', '/schemas/BenchItem', {
    className: 'BenchItem',
    fields: { score: { type: 'Number' }, name: { type: 'String' }, owner: { type: 'Pointer', targetClass: 'BenchOwner' } },
  }, true);
  const schema = await must(server, 'PUT', '/schemas/BenchItem', { indexes: { score_1: { score: 1 } } }, true);
  const started = Date.now();
  const owners = await createAll(server, 'BenchOwner', Array.from({ length: OWNERS }, (_, j) => ({ name: `owner-${j}` })));
  const scores = seededScores(count);
  const ids = await createAll(server, 'BenchItem', scores.map((score, i) => ({
    name: `item-${i}`, score, owner: { __type: 'Pointer', className: 'BenchOwner', objectId: owners[i % OWNERS] },
  })));
  const seconds = (Date.now() - started) / 1000;
  const prefix = path.join(folder, server.name.replace(/\W+/g, '-'));
  fs.writeFileSync(`${prefix}.owners`, owners.join('\n') + '\n');
  fs.writeFileSync(`${prefix}.items`, ids.join('\n') + '\n');
  log(`${server.name}: seeded ${OWNERS + count} objects in ${fmt(seconds, 1)} s (${fmt((OWNERS + count) / seconds)} objects/s, ` +
    `${server.batchTransaction ? 'one transaction per batch' : 'plain batches'})`);
  return {
    ownersFile: `${prefix}.owners`, idsFile: `${prefix}.items`, firstId: ids[0], firstScore: scores[0],
    seedSeconds: seconds, batchTransaction: server.batchTransaction, schemaIndexes: schema && schema.indexes,
  };
}

/**
 * Before measuring: every server answers the same data. The count of BenchItem, one object by id,
 * and for a few X the query's scores (identical on every server, as the data is) and its include.
 */
async function checkObjects(servers, count) {
  const query = (x, include) => `/classes/BenchItem?where=${encodeURIComponent(JSON.stringify({ score: { $gte: x } }))}&order=score&limit=20${include ? '&include=owner' : ''}`;
  const expected = {};
  for (const server of servers) {
    const counted = await must(server, 'GET', '/classes/BenchItem?count=1&limit=0');
    if (counted.count !== count) throw new Error(`${server.name}: GET /classes/BenchItem?count=1&limit=0 answered ${JSON.stringify(counted)}, not ${count}`);
    const one = await must(server, 'GET', `/classes/BenchItem/${server.objects.firstId}`);
    if (one.score !== server.objects.firstScore || one.owner?.__type !== 'Pointer') throw new Error(`${server.name}: GET /classes/BenchItem/${server.objects.firstId} answered ${JSON.stringify(one)}`);
    for (const x of [0, SCORE_MAX / 2, SCORE_MAX - 200]) {
      const found = await must(server, 'GET', query(x, false));
      const scores = found.results.map((r) => r.score);
      if (scores.some((s, i) => s < x || (i > 0 && s < scores[i - 1]))) throw new Error(`${server.name}: GET ${query(x, false)} answered scores out of order or range: ${scores}`);
      const key = String(x);
      if (!(key in expected)) expected[key] = { scores, by: server.name };
      else if (JSON.stringify(expected[key].scores) !== JSON.stringify(scores)) {
        throw new Error(`GET ${query(x, false)}: ${server.name} answered scores ${scores}, ${expected[key].by} ${expected[key].scores}`);
      }
      const included = await must(server, 'GET', query(x, true));
      const bad = included.results.find((r) => r.owner?.__type !== 'Object' || r.owner?.className !== 'BenchOwner' || !/^owner-\d+$/.test(r.owner?.name));
      if (bad || included.results.length !== found.results.length) throw new Error(`${server.name}: GET ${query(x, true)} answered ${JSON.stringify(bad || included).slice(0, 1000)}`);
    }
  }
  log(`the servers answer the same data (${count} BenchItem; query scores from X = ${SCORE_MAX / 2}: ${expected[String(SCORE_MAX / 2)].scores.slice(0, 5).join(', ')}…)`);
}

/** Runs SQL through psql on the bench cluster; answers its output (unaligned, tuples only). */
function psql(postgres, db, sql) {
  return execFileSync(path.join(pgBin(), 'psql'), ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'postgres', '-d', db, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1'],
    { input: sql, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** What autovacuum would do within a minute of the load: statistics for the planner, in both databases. */
function analyze(postgres) {
  for (const db of ['phoneauth', ...PARSE_VARIANTS.map((v) => v.db)]) psql(postgres, db, 'ANALYZE;');
}

/** PhoneAuth's name for an index of a class (SqlSchemaStore.IndexName). */
function phoneAuthIndexName(className, name) {
  return 'ix_' + require('node:crypto').createHash('sha256').update(`${className}\0${name}`).digest('hex').slice(0, 32);
}

/**
 * The plans of the read workloads on each database, for the SQL each server itself sends. On
 * PostgreSQL the cluster logs every statement for a moment (log_min_duration_statement = 0) while one
 * request of each read workload goes to PhoneAuth and to Parse Server: the query with X = SCORE_MAX / 2
 * (half the class matches: a typical request), a get by id, and the query with include=owner (whose
 * own statement is the read of the owners). Each logged statement then runs under EXPLAIN ANALYZE,
 * PhoneAuth's also as the generic plan of a prepared statement (its driver prepares the statements it
 * repeats). SQLite logs no statement: the query's plan there is of the SELECT that SqliteFlavor builds,
 * through the sqlite3 shell. Answers plans[server][workload].
 */
async function capturePlans(postgres, servers) {
  const x = SCORE_MAX / 2;
  const queryPath = `/classes/BenchItem?where=${encodeURIComponent(JSON.stringify({ score: { $gte: x } }))}&order=score&limit=20`;
  const plans = {};
  const index = phoneAuthIndexName('BenchItem', 'score_1');
  const phoneAuthPg = servers.find((s) => s.name === 'PhoneAuth (PostgreSQL)');
  const parse = servers.find((s) => s.peer && s.servesObjects);
  const sqlite = servers.find((s) => s.name === 'PhoneAuth (SQLite)');
  // A Sort node (not an Incremental Sort) sorts every row that reaches it.
  const sorts = (plan) => /(^|->\s+)Sort\b/m.test(plan);

  if (phoneAuthPg || parse) {
    const offset = fs.statSync(postgres.log).size;
    psql(postgres, 'postgres', 'ALTER SYSTEM SET log_min_duration_statement = 0;\nSELECT pg_reload_conf();');
    await sleep(500);
    try {
      for (const server of [phoneAuthPg, parse].filter(Boolean)) {
        await must(server, 'GET', queryPath);
        await must(server, 'GET', `/classes/BenchItem/${server.objects.firstId}`);
        await must(server, 'GET', `${queryPath}&include=owner`);
      }
      await sleep(300);
    } finally {
      psql(postgres, 'postgres', 'ALTER SYSTEM RESET log_min_duration_statement;\nSELECT pg_reload_conf();');
    }
    const fd = fs.openSync(postgres.log, 'r');
    const buffer = Buffer.alloc(fs.fstatSync(fd).size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    fs.closeSync(fd);
    const logLines = buffer.toString('utf8').split('\n');
    /** The last logged SELECT that passes test(sql, parameters), with its parameters (SQL literals). */
    const statement = (test) => {
      for (let i = logLines.length - 1; i >= 0; i--) {
        const m = /(?:statement|execute [^:]*): (SELECT .*)$/.exec(logLines[i]);
        if (!m) continue;
        // Its parameters: the next DETAIL line of the same backend ([pid]).
        const pid = /\[\d+\]/.exec(logLines[i]);
        const next = logLines.slice(i + 1, i + 20).find((l) => (!pid || l.includes(pid[0])) && /DETAIL:/.test(l)) || '';
        const detail = /DETAIL:\s+[Pp]arameters: (.*)$/.exec(next);
        const parameters = detail ? [...detail[1].matchAll(/\$(\d+) = ('(?:[^']|'')*'|NULL)/g)].map((p) => p[2]) : [];
        if (test(m[1], parameters)) return { sql: m[1], parameters };
      }
      return null;
    };
    const notFound = { error: 'the statement was not found in the PostgreSQL log' };

    if (phoneAuthPg) {
      const explain = (found) => {
        if (!found) return notFound;
        const exec = `EXECUTE q(${found.parameters.join(', ')});`;
        const prepared = `PREPARE q AS ${found.sql};\n`;
        return {
          sql: found.sql, parameters: found.parameters,
          plan: psql(postgres, 'phoneauth', `${prepared}EXPLAIN (ANALYZE) ${exec}`).trimEnd(),
          genericPlan: psql(postgres, 'phoneauth', `SET plan_cache_mode = force_generic_plan;\n${prepared}EXPLAIN ${exec}`).trimEnd(),
        };
      };
      const objectsOf = (className) => (sql, parameters) => /FROM objects WHERE class_name = \$1/.test(sql) && parameters[0] === `'${className}'`;
      const query = explain(statement((sql, parameters) => objectsOf('BenchItem')(sql, parameters) && /ORDER BY \(CASE/.test(sql)));
      if (!query.error) {
        const usesIndex = (p) => p.includes(index) && /Index Scan|Index Only Scan/.test(p) && !/Seq Scan on objects/.test(p);
        query.index = psql(postgres, 'phoneauth', `SELECT indexdef FROM pg_indexes WHERE indexname = '${index}';`).trim();
        query.usesIndex = usesIndex(query.plan) && usesIndex(query.genericPlan);
        query.indexGivesOrder = !sorts(query.plan) && !sorts(query.genericPlan);
      }
      const get = explain(statement((sql, parameters) => objectsOf('BenchItem')(sql, parameters) && !/ORDER BY \(CASE/.test(sql) && / LIMIT \$\d+/.test(sql)));
      const include = explain(statement(objectsOf('BenchOwner')));
      for (const plan of [get, include].filter((p) => !p.error)) {
        plan.usesKey = /Index (Only )?Scan using objects_pkey/.test(plan.plan) && /Index Cond: .*\bid\b/.test(plan.plan) && !/Seq Scan/.test(plan.plan);
      }
      plans[phoneAuthPg.name] = { query, get, include };
    }
    if (parse) {
      const explain = (found) => (found ? { sql: found.sql, plan: psql(postgres, parse.db, `EXPLAIN (ANALYZE) ${found.sql};`).trimEnd() } : notFound);
      const query = explain(statement((sql) => /FROM "BenchItem"/.test(sql) && /ORDER BY/.test(sql)));
      query.indexes = psql(postgres, parse.db, `SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = 'BenchItem' ORDER BY indexname;`).trim();
      if (!query.error) {
        query.usesIndex = /Index Scan|Index Only Scan/.test(query.plan) && !/Seq Scan/.test(query.plan);
        query.indexGivesOrder = !sorts(query.plan);
      }
      const get = explain(statement((sql) => /FROM "BenchItem"/.test(sql) && /"objectId" =/.test(sql)));
      const include = explain(statement((sql) => /FROM "BenchOwner"/.test(sql)));
      for (const plan of [get, include].filter((p) => !p.error)) plan.usesKey = /Index (Only )?Scan using "?BenchItem_pkey|Index (Only )?Scan using "?BenchOwner_pkey/.test(plan.plan) && !/Seq Scan/.test(plan.plan);
      plans[parse.name] = { query, get, include };
    }
  }

  if (sqlite) {
    const score = `json_extract(data, '$."score"')`;
    const sql = `SELECT id, data, acl, created_at, updated_at, version FROM objects WHERE class_name = 'BenchItem' ` +
      `AND (read_acl IS NULL OR EXISTS (SELECT 1 FROM json_each(read_acl) r WHERE r.value IN (SELECT value FROM json_each('["*"]')))) ` +
      `AND (${score} >= ${x}) ORDER BY ${score} ASC NULLS LAST, created_at ASC NULLS LAST, id ASC NULLS LAST LIMIT 20 OFFSET 0`;
    const shell = spawnSync('sqlite3', ['-readonly', sqlite.sqliteFile, `EXPLAIN QUERY PLAN ${sql};`], { encoding: 'utf8' });
    let query;
    if (shell.error || shell.status !== 0) {
      query = { sql, error: `sqlite3: ${shell.error ? shell.error.message : shell.stderr.trim()}` };
    } else {
      const plan = shell.stdout.trimEnd();
      query = {
        sql, plan, note: 'the SELECT that SqliteFlavor builds for this query (SQLite logs no statement), through the sqlite3 shell',
        index: shell.status === 0 ? spawnSync('sqlite3', ['-readonly', sqlite.sqliteFile, `SELECT sql FROM sqlite_master WHERE name = '${index}';`], { encoding: 'utf8' }).stdout.trim() : '',
        usesIndex: plan.includes(`USING INDEX ${index}`) && !/SCAN objects\b/.test(plan),
        // With the index giving the order, SQLite sorts only rows of equal score (RIGHT PART OF ORDER BY).
        indexGivesOrder: !/USE TEMP B-TREE FOR ORDER BY/.test(plan),
      };
    }
    plans[sqlite.name] = { query };
  }
  return plans;
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
    case 'create':
      return wrk({ ...common, url: `${server.url}/classes/BenchItem`, script: 'objects.lua', threads: 2, timeout: 10,
        env: { BENCH_MODE: 'create', BENCH_OWNERS: server.objects.ownersFile } });
    case 'get':
      return wrk({ ...common, url: `${server.url}/classes/BenchItem`, script: 'objects.lua', threads: 2, timeout: 10,
        env: { BENCH_MODE: 'get', BENCH_IDS: server.objects.idsFile } });
    case 'query':
    case 'include':
      return wrk({ ...common, url: `${server.url}/classes/BenchItem`, script: 'objects.lua', threads: 2, timeout: 10,
        env: { BENCH_MODE: workload, BENCH_SCORE_MAX: String(SCORE_MAX) } });
    default:
      throw new Error(workload);
  }
}

/** wrk without blocking, so that several run at once (one per server process in the scale-out runs). */
function wrkAsync({ url, script, threads, connections, seconds, timeout, env }) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, `--timeout`, `${timeout}s`, '-s', path.join(__dirname, 'wrk', script), url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, {
      env: { ...process.env, BENCH_LUA_PATH: path.join(__dirname, 'wrk'), BENCH_APP_ID: APP_ID, BENCH_MASTER_KEY: MASTER_KEY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-5000); });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}):\n${stdout}\n${stderr}`));
      else resolve(JSON.parse(line.slice(6)));
    });
  });
}

/** CPU seconds (user + system) a process has used so far, and with `children` those of its children it has reaped; 0 when it is gone. */
function cpuSeconds(pid, children = false) {
  try {
    // The fields after the command's ") ": state is [0], so utime (14) is [11], stime [12], cutime [13], cstime [14].
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100; // in ticks of USER_HZ (100 on Linux)
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of the benchmark's PostgreSQL: its postmaster (with the children it has reaped, so that a
 * backend or autovacuum worker that exits during a round still counts) and its live children.
 */
function postgresCpuSeconds(postgres) {
  const postmaster = Number(fs.readFileSync(path.join(postgres.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (parent === postmaster) total += cpuSeconds(entry);
    } catch { /* gone */ }
  }
  return total;
}

/** The machine's CPU ticks so far, idle and in all (/proc/stat), to take a busy share between two readings. */
function machineTicks() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  return { idle, total: cpu.reduce((a, b) => a + b, 0) };
}

/**
 * The scale-out runs: the phone flow with 1, 2, … server processes on one PostgreSQL database, each
 * process driven by its own wrk with its share of the connections (the load generator's round robin:
 * connections are dealt to the processes in turn), in rounds like the main table's. Besides throughput
 * and latency, each round records the CPU seconds PhoneAuth's processes, PostgreSQL and the whole machine
 * spent, so that the ceiling can be told apart: CPU, or something else.
 */
async function scaleOut(postgres, maxProcesses) {
  const results = [];
  for (let processes = 1; processes <= maxProcesses; processes++) {
    const db = `phoneauth_scale_${processes}`;
    pg('createdb', ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'postgres', db]);
    const group = [];
    for (let i = 0; i < processes; i++) {
      // One after another: the first migrates the new database, the others find it migrated.
      group.push(await startPhoneAuth(`PhoneAuth ×${processes} #${i + 1}`, {
        Storage__Provider: 'postgres',
        Storage__ConnectionString: `Host=127.0.0.1;Port=${postgres.port};Username=postgres;Database=${db}`,
      }));
    }
    const shares = group.map((_, i) => Math.floor(options.connections / processes) + (i < options.connections % processes ? 1 : 0));
    const bases = shares.map((_, i) => shares.slice(0, i).reduce((a, b) => a + b, 0));
    const rounds = [];
    const phonesFile = path.join(os.tmpdir(), `phoneauth-bench-scale-${process.pid}-${processes}.phones`);
    cleanups.push(() => fs.rmSync(phonesFile, { force: true }));
    for (let round = 0; round <= options.runs; round++) {
      const seconds = round === 0 ? options.warmup : options.duration;
      const measured = {};
      for (const workload of ['new', 'login']) {
        log(`scale-out, ${processes} process${processes > 1 ? 'es' : ''}, ${round === 0 ? 'warm-up' : `round ${round}/${options.runs}`}: ${workload}`);
        if (workload === 'login') {
          // The bench runs with a resend interval of one second: the numbers "new" just asked codes for must wait it out
          // (in the main table, the other servers' turns make that wait).
          await sleep(1500);
          const phones = measured.new.made.flatMap((made, thread) =>
            Array.from({ length: made }, (_, n) => `+86139${String(thread).padStart(2, '0')}${round}${String(n).padStart(5, '0')}`));
          if (phones.length < options.connections) {
            throw new Error(`scale-out, ${processes} processes, round ${round}: made ${phones.length} users, fewer than the ${options.connections} connections; lengthen --warmup or --duration.`);
          }
          fs.writeFileSync(phonesFile, phones.join('\n') + '\n');
        }
        for (const server of group) resetPeakRss(server.pid);
        const before = { phoneauth: group.reduce((sum, s) => sum + cpuSeconds(s.pid), 0), postgres: postgresCpuSeconds(postgres), machine: machineTicks() };
        const answers = await Promise.all(group.map((server, i) => wrkAsync({
          url: `${server.url}/`, script: 'flow.lua', threads: shares[i], connections: shares[i], seconds, timeout: 30,
          env: workload === 'new'
            ? { BENCH_MODE: 'new', BENCH_RUN: String(round), BENCH_THREAD_BASE: String(bases[i]) }
            : { BENCH_MODE: 'login', BENCH_RUN: String(round), BENCH_THREAD_BASE: String(bases[i]), BENCH_PHONES: phonesFile, BENCH_THREADS: String(options.connections) },
        })));
        const after = { phoneauth: group.reduce((sum, s) => sum + cpuSeconds(s.pid), 0), postgres: postgresCpuSeconds(postgres), machine: machineTicks() };
        const elapsed = Math.max(...answers.map((a) => a.duration_us)) / 1e6;
        const flows = answers.reduce((sum, a) => sum + a.flows, 0);
        measured[workload] = {
          rate: flows / elapsed,
          // Percentiles cannot be merged across wrk processes: the worst process's stands for the whole (p50 and p99).
          p50: Math.max(...answers.map((a) => a.p50_us)) / 1000,
          p99: Math.max(...answers.map((a) => a.p99_us)) / 1000,
          rss: Math.max(...group.map((s) => peakRssMb(s.pid))),
          errors: answers.reduce((sum, a) => sum + a.errors + (a.flow_failures || 0), 0),
          phoneauthCpuMsPerFlow: ((after.phoneauth - before.phoneauth) * 1000) / Math.max(1, flows),
          postgresCpuMsPerFlow: ((after.postgres - before.postgres) * 1000) / Math.max(1, flows),
          machineBusy: 1 - (after.machine.idle - before.machine.idle) / Math.max(1, after.machine.total - before.machine.total),
          made: answers.flatMap((a) => a.flows_per_thread),
        };
      }
      if (round > 0) rounds.push(measured);
    }
    for (const server of group) server.process.child.kill('SIGKILL');
    results.push({ processes, rounds: rounds.map((r) => Object.fromEntries(Object.entries(r).map(([w, m]) => [w, { ...m, made: undefined }]))) });
  }
  return results;
}

function scaleOutLines(results) {
  const lines = ['', `Scale-out: the phone flow with 1 to ${results.length} PhoneAuth processes on one PostgreSQL database, ${options.connections} connections dealt among them; medians of ${options.runs} rounds.`,
    '', '| Processes | Flow | Throughput | p50 (worst process) | p99 (worst process) | Peak RSS (largest process) | PhoneAuth CPU per flow | PostgreSQL CPU per flow | Machine busy |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|'];
  for (const { processes, rounds } of results) {
    for (const workload of ['new', 'login']) {
      const runs = rounds.map((r) => r[workload]);
      const m = (key) => median(runs.map((r) => r[key]));
      const spread = (Math.max(...runs.map((r) => r.rate)) - Math.min(...runs.map((r) => r.rate))) / m('rate');
      const errors = runs.reduce((sum, r) => sum + r.errors, 0);
      lines.push(`| ${processes} | ${workload} | ${fmt(m('rate'))} flows/s ±${fmt(spread * 50)}% | ${fmt(m('p50'), 1)} ms | ${fmt(m('p99'), 1)} ms | ${fmt(m('rss'))} MB | ` +
        `${fmt(m('phoneauthCpuMsPerFlow'), 2)} ms | ${fmt(m('postgresCpuMsPerFlow'), 2)} ms | ${fmt(m('machineBusy') * 100)}% |`);
      if (errors > 0) lines.push(`|  | ↳ ${errors} failed flows in the rounds | | | | | | | |`);
    }
  }
  return lines;
}

/** One measurement: throughput (flows/s for the flows), latency in ms, peak RSS in MB. */
function measure(workload, server, round, seconds) {
  resetPeakRss(server.pid);
  // CPU seconds of the server and of the database around the round (SQLite runs inside the server).
  const before = { server: cpuSeconds(server.pid), db: server.postgres ? postgresCpuSeconds(server.postgres) : 0, machine: machineTicks() };
  const result = runWorkload(workload, server, round, seconds);
  const after = { server: cpuSeconds(server.pid), db: server.postgres ? postgresCpuSeconds(server.postgres) : 0, machine: machineTicks() };
  const rss = peakRssMb(server.pid);
  if (workload === 'new') server.made[round] = result.flows_per_thread;
  const flow = workload === 'new' || workload === 'login';
  const seconds_ = result.duration_us / 1e6;
  const done = flow ? result.flows : result.requests;
  return {
    rate: done / seconds_,
    // Microseconds of CPU per request (or flow): the server's own, and PostgreSQL's for a server on it.
    serverCpuUs: done > 0 ? (after.server - before.server) * 1e6 / done : null,
    dbCpuUs: done > 0 && server.postgres ? (after.db - before.db) * 1e6 / done : null,
    machineBusy: 1 - (after.machine.idle - before.machine.idle) / Math.max(1, after.machine.total - before.machine.total),
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

function machineCeiling(round, servers) {
  return Math.max(...servers.filter((s) => !s.peer).map((s) => round.ceiling[s.name].rate));
}

/** Whether a server takes part in a workload: every server in the phone workloads, one Parse Server in the object ones. */
function serves(server, workload) {
  return !server.peer || server.servesObjects || !OBJECT_WORKLOADS.includes(workload);
}

/** In one round, PhoneAuth's rate over the strongest peer's (the faster Parse Server variant) and over each peer's. */
function ratiosInRound(round, workload, server, servers) {
  const peers = servers.filter((s) => s.peer && serves(s, workload));
  const rate = round[workload][server.name].rate;
  const byPeer = Object.fromEntries(peers.map((p) => [p.name, rate / round[workload][p.name].rate]));
  return { strongest: rate / Math.max(...peers.map((p) => round[workload][p.name].rate)), byPeer };
}

const OBJECT_TARGETS = {
  create: '(1) create one object',
  get: '(2) get one object by id',
  query: '(3) query: where on an indexed field, order, limit 20',
  include: '(4) the query with one include',
};

function indent(text) {
  return text.split('\n').map((line) => `    ${line}`).join('\n');
}

/** The plans section: each database's plans for the read workloads, and what they show. */
function planLines(plans) {
  const lines = ['', `Plans (query: where={"score":{"$gte":${SCORE_MAX / 2}}}, order=score, limit=20, half the class matching; get: one seeded id; include: the read of the owners):`];
  const verdict = (workload, plan) => {
    if (workload === 'query') {
      return `${plan.usesIndex ? 'uses the score index, no scan of the table' : 'does NOT use the score index alone: it scans the table'}; ` +
        `${plan.indexGivesOrder ? 'the index gives the order (at most the rows of equal score are sorted)' : 'the index does NOT give the order: every matching row is read and sorted'}`;
    }
    return plan.usesKey ? 'reads by the primary key' : 'does NOT read by the primary key: it scans';
  };
  for (const [name, byWorkload] of Object.entries(plans)) {
    for (const [workload, plan] of Object.entries(byWorkload)) {
      lines.push('', `${name}, ${workload}:`);
      if (plan.index) lines.push('  index:', indent(plan.index));
      if (plan.indexes) lines.push('  indexes on its table:', indent(plan.indexes));
      if (plan.error) { lines.push(`  ${plan.error}`); continue; }
      if (plan.note) lines.push(`  (${plan.note})`);
      lines.push(`  SQL: ${plan.sql}`);
      if (plan.parameters && plan.parameters.length) lines.push(`  parameters: ${plan.parameters.map((v, i) => `$${i + 1} = ${v}`).join(', ')}`);
      lines.push(`  plan${plan.genericPlan ? ' (EXPLAIN ANALYZE: the custom plan for these parameters)' : ''}:`, indent(plan.plan));
      if (plan.genericPlan) lines.push('  generic plan (the prepared statement, for any parameters):', indent(plan.genericPlan));
      lines.push(`  → ${verdict(workload, plan)}`);
    }
  }
  return lines;
}

function report(results, servers, info, extra = {}) {
  const rounds = results.rounds;
  const lines = [];
  lines.push(`Machine: ${info.cpu}, ${info.memoryGb} GB, ${info.os}`);
  lines.push(`Versions: .NET ${info.versions.dotnet}, Node ${info.versions.node}, ${info.versions.postgres}, ${info.versions.wrk}, parse-server ${info.versions.parseServer}`);
  lines.push(`${rounds.length} rounds of ${options.duration} s at ${options.connections} connections (after a ${options.warmup} s warm-up round); medians of the rounds.`);
  lines.push('');
  lines.push('| Workload | Server | Throughput | p50 | p99 | Peak RSS | CPU per request: server + PostgreSQL | vs the strongest Parse Server | vs each variant |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---|');
  const summary = {};
  for (const workload of WORKLOADS) {
    for (const server of servers.filter((s) => serves(s, workload))) {
      const runs = rounds.map((round) => round[workload][server.name]);
      const unit = workload === 'new' || workload === 'login' ? 'flows/s' : 'req/s';
      const inRounds = server.peer ? null : rounds.map((round) => ratiosInRound(round, workload, server, servers));
      const ratio = inRounds && median(inRounds.map((r) => r.strongest));
      const byPeer = inRounds && Object.fromEntries(Object.keys(inRounds[0].byPeer).map((name) => [name, median(inRounds.map((r) => r.byPeer[name]))]));
      const row = {
        rate: median(runs.map((r) => r.rate)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)),
        rss: median(runs.map((r) => r.rss)),
        serverCpuUs: runs.every((r) => r.serverCpuUs !== null) ? median(runs.map((r) => r.serverCpuUs)) : null,
        dbCpuUs: server.postgres && runs.every((r) => r.dbCpuUs !== null) ? median(runs.map((r) => r.dbCpuUs)) : null,
        machineBusy: median(runs.map((r) => r.machineBusy)), errors: runs.reduce((sum, r) => sum + r.errors, 0), ratio, byPeer,
        // Machine noise: how far the rounds spread around their median (max − min over median).
        spread: (Math.max(...runs.map((r) => r.rate)) - Math.min(...runs.map((r) => r.rate))) / median(runs.map((r) => r.rate)),
      };
      summary[`${workload}/${server.name}`] = row;
      const each = byPeer ? Object.entries(byPeer).map(([name, r]) => `${name.replace('Parse Server 9 ', '')} ${fmt(r, 1)}×`).join(', ') : '';
      lines.push(`| ${workload} | ${server.name} | ${fmt(row.rate)} ${unit} ±${fmt(row.spread * 50)}% | ${fmt(row.p50, 1)} ms | ${fmt(row.p99, 1)} ms | ${fmt(row.rss)} MB | ${row.serverCpuUs === null ? '—' : `${fmt(row.serverCpuUs)} µs`}${row.dbCpuUs === null ? '' : ` + ${fmt(row.dbCpuUs)} µs`} | ${ratio === null ? '—' : fmt(ratio, 1) + '×'} | ${each} |`);
      if (row.errors > 0) lines.push(`|  | ↳ ${row.errors} failed requests or flows in the rounds | | | | | | | |`);
    }
  }
  lines.push('');
  lines.push('Throughput is the median of the rounds, ± half the spread of the rounds (max − min) as a share of it: the machine\'s noise. ' +
    'A ratio is taken within each round against the faster Parse Server variant of that round, then its median. ' +
    'CPU per request: the CPU time the server process and PostgreSQL (every process of its cluster, background writers included) spent in the round, ' +
    `divided by the requests (or flows) it served; SQLite runs inside the server. The machine's ${os.cpus().length} cores are shared with wrk.`);
  if (extra.seeding) {
    lines.push('');
    lines.push(`Object workloads: ${fmt(options.objects)} BenchItem objects and ${fmt(OWNERS)} BenchOwner objects on each server, seeded through /batch (${BATCH} per request, ${SEED_CONCURRENCY} at a time, master key); measured without a key, on public objects.`);
    for (const [name, seed] of Object.entries(extra.seeding)) {
      lines.push(`- ${name}: seeded in ${fmt(seed.seedSeconds, 1)} s (${fmt((options.objects + OWNERS) / seed.seedSeconds)} objects/s, ${seed.batchTransaction ? 'one transaction per batch' : 'plain batches'})`);
    }
  }
  lines.push('');
  lines.push('Targets (PhoneAuth on each engine):');
  let allMet = true;
  const authRun = AUTH_WORKLOADS.filter(has);
  const objectsRun = OBJECT_WORKLOADS.filter(has);
  for (const server of servers.filter((s) => !s.peer)) {
    const checks = [];
    if (has('me')) {
      const me = summary[`me/${server.name}`];
      checks.push([`(a) users/me ≥ 20× the strongest Parse Server`, me.ratio >= 20, `${fmt(me.ratio, 1)}×`]);
      if (has('ceiling')) {
        // The machine's ceiling in a round: the best trivial-endpoint rate of any PhoneAuth process.
        const ceiling = median(rounds.map((round) => round.me[server.name].rate / machineCeiling(round, servers)));
        checks.push([`(a) users/me ≥ ½ of the machine's ceiling`, ceiling >= 0.5, `${fmt(ceiling * 100)}% of the best trivial-endpoint rate`]);
      }
      checks.push([`(a) users/me p99 < 20 ms`, me.p99 < 20, `${fmt(me.p99, 1)} ms`]);
    }
    if (has('new')) checks.push([`(b) new phones ≥ 20× the strongest Parse Server`, summary[`new/${server.name}`].ratio >= 20, `${fmt(summary[`new/${server.name}`].ratio, 1)}×`]);
    if (has('login')) checks.push([`(c) login by code (returning users) ≥ 20× the strongest Parse Server`, summary[`login/${server.name}`].ratio >= 20, `${fmt(summary[`login/${server.name}`].ratio, 1)}×`]);
    for (const flow of ['new', 'login'].filter(has)) {
      const p99 = summary[`${flow}/${server.name}`].p99;
      checks.push([`(${flow === 'new' ? 'b' : 'c'}) ${flow} flows: p99 < 100 ms`, p99 < 100, `${fmt(p99, 1)} ms`]);
    }
    if (authRun.length > 0) {
      const rss = Math.max(...authRun.map((w) => summary[`${w}/${server.name}`].rss));
      checks.push([`peak RSS < 200 MB`, rss < 200, `${fmt(rss)} MB`]);
    }
    for (const workload of objectsRun) {
      const row = summary[`${workload}/${server.name}`];
      checks.push([`${OBJECT_TARGETS[workload]} ≥ 10× Parse Server`, row.ratio >= 10, `${fmt(row.ratio, 1)}×`]);
      checks.push([`${OBJECT_TARGETS[workload]}: p99 < 50 ms`, row.p99 < 50, `${fmt(row.p99, 1)} ms`]);
    }
    if (has('query') && extra.plans) {
      const plan = extra.plans[server.name] && extra.plans[server.name].query;
      checks.push([`(3) the query's plan uses the score index, no scan of objects`, Boolean(plan && plan.usesIndex),
        !plan ? 'no plan' : plan.error ? plan.error : plan.indexGivesOrder ? 'the index also gives the order' : 'the index does not give the order: every matching row is sorted']);
    }
    if (objectsRun.length > 0) {
      const rss = Math.max(...objectsRun.map((w) => summary[`${w}/${server.name}`].rss));
      checks.push([`peak RSS < 250 MB (object workloads)`, rss < 250, `${fmt(rss)} MB`]);
    }
    checks.push([`no failed requests`, WORKLOADS.every((w) => summary[`${w}/${server.name}`].errors === 0), '']);
    for (const [name, met, value] of checks) {
      allMet &&= met;
      lines.push(`- ${server.name}: ${name}: ${met ? 'met' : 'NOT MET'}${value ? ` (${value})` : ''}`);
    }
  }
  if (extra.plans) lines.push(...planLines(extra.plans));
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
    ...await Promise.all(PARSE_VARIANTS.map((variant) => startParseServer(postgres.port, variant))),
  ];
  servers.find((s) => s.name === 'PhoneAuth (SQLite)').sqliteFile = path.join(folder, 'phoneauth.db');
  for (const server of servers.filter((s) => s.name !== 'PhoneAuth (SQLite)')) server.postgres = postgres;
  for (const server of servers) {
    server.folder = folder;
    server.made = {};
    if (AUTH_WORKLOADS.some(has)) {
      log(`signing up 64 users on ${server.name}`);
      server.tokens = await makeSessions(server, 64, folder);
    }
  }
  const extra = {};
  if (OBJECT_WORKLOADS.some(has)) {
    extra.seeding = {};
    for (const server of servers.filter((s) => serves(s, 'create'))) {
      log(`seeding ${fmt(OWNERS)} BenchOwner and ${fmt(options.objects)} BenchItem objects on ${server.name}`);
      server.objects = await seedObjects(server, options.objects, folder);
      extra.seeding[server.name] = server.objects;
    }
    log('ANALYZE in both PostgreSQL databases (what autovacuum does after a load)');
    analyze(postgres);
    await checkObjects(servers.filter((s) => serves(s, 'create')), options.objects);
    if (['query', 'get', 'include'].some(has)) {
      log('capturing the plans of the read workloads');
      extra.plans = await capturePlans(postgres, servers);
    }
  }

  if (options.hold) {
    // For profiling: the servers, seeded, stay up for other tools (wrk, perf) until SIGINT or SIGTERM.
    fs.writeFileSync(options.hold, JSON.stringify({
      postgres: { port: postgres.port, data: postgres.data },
      servers: servers.map((s) => ({ name: s.name, url: s.url, pid: s.pid, ids: s.objects?.idsFile, owners: s.objects?.ownersFile, scoreMax: SCORE_MAX })),
    }, null, 2));
    holding = true;
    log(`holding: the servers are described in ${options.hold}; SIGINT or SIGTERM ends`);
    await new Promise((resolve) => { process.on('SIGTERM', resolve); process.on('SIGINT', resolve); });
    return 0;
  }

  const rounds = [];
  for (let round = 0; round <= options.runs; round++) {
    const seconds = round === 0 ? options.warmup : options.duration;
    const results = {};
    for (const workload of WORKLOADS) {
      results[workload] = {};
      for (const server of servers.filter((s) => serves(s, workload))) {
        log(`${round === 0 ? 'warm-up' : `round ${round}/${options.runs}`}: ${workload} on ${server.name}`);
        results[workload][server.name] = measure(workload, server, round, seconds);
      }
    }
    if (round > 0) rounds.push(results);
  }

  let scale = null;
  if (options.scaleout > 0 && (has('new') || has('login'))) {
    // The main table's servers stop first: the scale-out processes get the machine to themselves (with the idle Parse Servers).
    for (const server of servers.filter((s) => !s.peer)) server.process.child.kill('SIGKILL');
    scale = await scaleOut(postgres, options.scaleout);
  }

  const { text, summary, allMet } = report({ rounds }, servers, info, extra);
  process.stdout.write(`\n${text}\n`);
  if (scale) process.stdout.write(`${scaleOutLines(scale).join('\n')}\n`);
  if (options.out) {
    const seeding = extra.seeding && Object.fromEntries(Object.entries(extra.seeding).map(([name, seed]) =>
      [name, { seconds: seed.seedSeconds, batchTransaction: seed.batchTransaction, schemaIndexes: seed.schemaIndexes }]));
    fs.writeFileSync(options.out, JSON.stringify({ date: new Date().toISOString(), options, machine: info, summary, rounds, seeding, plans: extra.plans, scaleOut: scale }, null, 2));
    log(`wrote ${options.out}`);
  }
  return allMet ? 0 : 1;
}

function cleanUp() {
  while (cleanups.length) {
    try { cleanups.pop()(); } catch { /* best effort */ }
  }
}

// While holding, the hold's own handlers end it (cleanly, through main); before that, as at any other time, a signal cleans up and exits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { if (!holding) { cleanUp(); process.exit(130); } });
main()
  .then((code) => { cleanUp(); process.exit(code); })
  .catch((error) => { console.error(error); cleanUp(); process.exit(2); });
