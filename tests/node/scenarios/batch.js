'use strict';
// Batches as the official SDK sends them (POST /batch): saveAll creating and updating at once,
// destroyAll, a parent saved with an unsaved child, a batch with a failing item, and over REST the
// answer's shape, the size Parse Server accepts, bad paths, and transaction: true with a failing request.
// node batch.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, pointerTo, unique, run } = require('./support');

run(async () => {
  const { Parse, rest, serverURL } = connect();
  const mount = new URL(serverURL).pathname; // e.g. /parse: batch paths carry it
  const user = await Parse.User.signUp(unique('batch'), 'secret', {});
  const token = user.getSessionToken();
  const asUser = { sessionToken: token };
  const master = { useMasterKey: true };
  await new Parse.Object('Card').save({ name: 'seed', n: 0 }, master).then((o) => o.destroy(master));
  await new Parse.Object('Box').save({ label: 'seed' }, master).then((o) => o.destroy(master));

  // The SDK's own batch requests, captured.
  const sent = [];
  const realFetch = global.fetch;
  global.fetch = async (url, init) => {
    if (String(url).endsWith('/batch')) {
      const body = JSON.parse(init.body);
      sent.push({ requests: body.requests.map((r) => ({ method: r.method, path: r.path.replace(/[A-Za-z0-9]{10}$/, '<id>') })), transaction: body.transaction });
    }
    return realFetch(url, init);
  };
  const cards = async () => (await new Parse.Query('Card').ascending('n').find(asUser)).map((c) => `${c.get('name')}:${c.get('n')}`);

  // saveAll: two new, two existing (changed), in one batch.
  const a = await new Parse.Object('Card').save({ name: 'a', n: 1 }, asUser);
  const b = await new Parse.Object('Card').save({ name: 'b', n: 2 }, asUser);
  a.set('name', 'a2');
  b.increment('n', 10);
  const c = new Parse.Object('Card', { name: 'c', n: 3 });
  const d = new Parse.Object('Card', { name: 'd', n: 4 });
  const saved = await Parse.Object.saveAll([a, b, c, d], asUser);
  const saveAll = {
    request: sent[sent.length - 1],
    idsAssigned: saved.every((o) => /^[A-Za-z0-9]{10}$/.test(o.id)),
    mergedIncrement: b.get('n'),
    stored: await cards(),
  };

  // destroyAll.
  await Parse.Object.destroyAll([c, d], asUser);
  const destroyAll = { request: sent[sent.length - 1], stored: await cards() };

  // A parent with an unsaved child: the child is saved first, in its own batch.
  const before = sent.length;
  const box = new Parse.Object('Box');
  box.set('label', 'parent');
  box.set('card', new Parse.Object('Card', { name: 'child', n: 5 }));
  box.set('cards', [new Parse.Object('Card', { name: 'inArray', n: 6 })]);
  await box.save(null, asUser);
  const fetchedBox = await new Parse.Query('Box').include('card').include('cards').get(box.id, asUser);
  const nested = {
    batches: sent.slice(before),
    childName: fetchedBox.get('card').get('name'),
    arrayNames: fetchedBox.get('cards').map((o) => o.get('name')),
    stored: await cards(),
  };

  // saveAll with one failing item: the SDK rejects, the others are written.
  const good = new Parse.Object('Card', { name: 'good', n: 7 });
  const bad = new Parse.Object('Card', { name: 'bad', n: 'not a number' });
  const failing = await outcome(Parse.Object.saveAll([good, bad], asUser));
  const partial = { failing, goodSaved: good.id !== undefined, stored: await cards() };

  // The same with transaction: true (one batch, all or nothing).
  const tGood = new Parse.Object('Card', { name: 'tgood', n: 12 });
  const tBad = new Parse.Object('Card', { name: 'tbad', n: 'x' });
  const sdkTransaction = { outcome: await outcome(Parse.Object.saveAll([tGood, tBad], { ...asUser, transaction: true })), request: sent[sent.length - 1] };
  sdkTransaction.goodSaved = tGood.id !== undefined;
  sdkTransaction.stored = await cards();
  global.fetch = realFetch;

  // Over REST: the answer's shape, item by item.
  const path = (p) => `${mount}/${p}`;
  const mixed = await rest('POST', 'batch', { sessionToken: token, body: { requests: [
    { method: 'POST', path: path('classes/Card'), body: { name: 'r1', n: 8 } },
    { method: 'PUT', path: path(`classes/Card/${a.id}`), body: { n: { __op: 'Increment', amount: 100 } } },
    { method: 'PUT', path: path('classes/Card/nosuchcard'), body: { n: 1 } },
    { method: 'POST', path: path('classes/Card'), body: { n: 'x' } },
    { method: 'GET', path: path(`classes/Card/${a.id}`) },
    { method: 'DELETE', path: path(`classes/Card/${b.id}`) },
  ] } });
  const shapeOf = (item) => (item.success ? { success: Object.keys(item.success).sort() } : item);
  const restBatch = {
    status: mixed.status,
    items: Array.isArray(mixed.body) ? mixed.body.map(shapeOf) : mixed.body,
    incremented: Array.isArray(mixed.body) ? mixed.body[1].success.n : null,
    got: Array.isArray(mixed.body) && mixed.body[4].success ? mixed.body[4].success.name : null,
    stored: await cards(),
  };

  // Sizes and bad batches.
  const creates = (count, prefix) => Array.from({ length: count }, (_, i) => ({ method: 'POST', path: path('classes/Card'), body: { name: `${prefix}${i}`, n: 1000 + i } }));
  const fifty = await rest('POST', 'batch', { sessionToken: token, body: { requests: creates(50, 'f') } });
  const sixty = await rest('POST', 'batch', { sessionToken: token, body: { requests: creates(60, 's') } });
  const sizes = {
    fifty: { status: fifty.status, successes: fifty.body.filter((x) => x.success).length },
    // Over a limit the answer is one error, not a list.
    sixty: Array.isArray(sixty.body) ? { status: sixty.status, successes: sixty.body.filter((x) => x.success).length } : { status: sixty.status, body: sixty.body },
  };
  const bad_ = {
    notArray: await rest('POST', 'batch', { sessionToken: token, body: { requests: 'x' } }),
    noRequests: await rest('POST', 'batch', { sessionToken: token, body: {} }),
    empty: await rest('POST', 'batch', { sessionToken: token, body: { requests: [] } }),
    pathNotString: await rest('POST', 'batch', { sessionToken: token, body: { requests: [{ method: 'POST', path: 5, body: {} }] } }),
    pathWithoutMount: await rest('POST', 'batch', { sessionToken: token, body: { requests: [{ method: 'POST', path: '/classes/Card', body: { name: 'nomount' } }] } }),
    nested: await rest('POST', 'batch', { sessionToken: token, body: { requests: [{ method: 'POST', path: path('batch'), body: { requests: [] } }] } }),
    unknownRoute: await rest('POST', 'batch', { sessionToken: token, body: { requests: [{ method: 'POST', path: path('nowhere'), body: {} }] } }),
  };

  // transaction: true with one failing request.
  const transaction = await rest('POST', 'batch', { sessionToken: token, body: { transaction: true, requests: [
    { method: 'POST', path: path('classes/Card'), body: { name: 't1', n: 9 } },
    { method: 'PUT', path: path(`classes/Card/${a.id}`), body: { name: 'changed-in-transaction' } },
    { method: 'POST', path: path('classes/Card'), body: { name: 't2', n: 'x' } },
  ] } });
  const afterTransaction = await cards();
  const transactionOk = await rest('POST', 'batch', { sessionToken: token, body: { transaction: true, requests: [
    { method: 'POST', path: path('classes/Card'), body: { name: 'u1', n: 10 } },
    { method: 'POST', path: path('classes/Card'), body: { name: 'u2', n: 11 } },
  ] } });
  const afterTransactionOk = await cards();
  const noSize = (list) => list.filter((s) => !/^[fs]\d+:/.test(s));
  return {
    saveAll,
    destroyAll,
    nested,
    partial,
    sdkTransaction,
    restBatch: { ...restBatch, stored: noSize(restBatch.stored) },
    sizes,
    bad: bad_,
    transaction: { status: transaction.status, body: Array.isArray(transaction.body) ? transaction.body.map(shapeOf) : transaction.body, stored: noSize(afterTransaction) },
    transactionOk: { status: transactionOk.status, body: Array.isArray(transactionOk.body) ? transactionOk.body.map(shapeOf) : transactionOk.body, stored: noSize(afterTransactionOk) },
  };
});
