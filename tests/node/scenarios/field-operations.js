'use strict';
// Field operations as the official SDK sends them (Increment, Add, AddUnique, Remove, Delete): the
// values they leave, the values the server's answers carry (which the SDK merges), and 100 concurrent
// increments of one field from separate SDK calls. node field-operations.js <serverURL> <appId> <masterKey>.
const { connect, outcome, pointerTo, unique, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();
  await new Parse.Object('Counter').save({ name: 'seed', hits: 0, tags: [], label: 'x' }, { useMasterKey: true });
  const user = await Parse.User.signUp(unique('ops'), 'secret', {});
  const token = user.getSessionToken();
  const asUser = { sessionToken: token };

  // Answers of the server, read under the SDK: the raw PUT/POST bodies of the saves below.
  const answers = [];
  const realFetch = global.fetch;
  global.fetch = async (url, init) => {
    const response = await realFetch(url, init);
    if (String(url).includes('/classes/Counter')) {
      const copy = response.clone();
      const sent = JSON.parse(init.body);
      answers.push({ method: sent._method || 'POST', body: await copy.json() });
    }
    return response;
  };
  const lastAnswer = () => {
    const { body } = answers[answers.length - 1];
    const copy = { ...body };
    for (const stamp of ['updatedAt', 'createdAt', 'objectId']) if (stamp in copy) copy[stamp] = `<${stamp}>`;
    return copy;
  };

  // A create whose fields are operations.
  const counter = new Parse.Object('Counter');
  counter.increment('hits');
  counter.add('tags', 'a');
  counter.set('name', 'first');
  await counter.save(null, asUser);
  const createAnswer = lastAnswer();
  const id = counter.id;
  const view = async () => {
    const o = await new Parse.Query('Counter').get(id, asUser);
    return { hits: o.get('hits'), bonus: o.has('bonus') ? o.get('bonus') : '<unset>', tags: o.get('tags'), label: o.has('label') ? o.get('label') : '<unset>' };
  };

  const created = await view();

  const steps = [];
  const step = async (name, change) => {
    const target = pointerTo(Parse, 'Counter', id);
    change(target);
    await target.save(null, asUser);
    const sdk = target.toJSON();
    delete sdk.objectId; delete sdk.updatedAt; delete sdk.createdAt;
    steps.push({ name, answer: lastAnswer(), sdk, stored: await view() });
  };
  await step('increment by 5', (o) => o.increment('hits', 5));
  await step('increment by -1', (o) => o.increment('hits', -1));
  await step('decrement', (o) => o.decrement('hits'));
  await step('increment a field the class does not have yet by 0.5', (o) => o.increment('bonus', 0.5));
  // Array operations. Parse Server 9 on PostgreSQL rebuilds the existing array with SELECT DISTINCT on
  // Add and AddUnique, so after those the order of the existing elements is not kept: tests compare
  // those arrays as multisets (see PARSE-SERVER-9-ANSWERS.md).
  await step('add b twice', (o) => o.add('tags', 'b') && o.add('tags', 'b'));
  await step('remove b', (o) => o.remove('tags', 'b'));
  await step('addAll an object and a number', (o) => o.addAll('tags', [{ k: 1 }, 3]));
  await step('addUnique present and absent values', (o) => o.addAllUnique('tags', ['a', 'c', { k: 1 }]));
  await step('remove c and the object', (o) => o.removeAll('tags', ['c', { k: 1 }]));
  await step('set one field and increment another', (o) => { o.set('label', 'y'); o.increment('hits'); });
  await step('unset', (o) => o.unset('label'));

  // The same operations over REST show the answer's body exactly.
  const restAnswer = await rest('PUT', `classes/Counter/${id}`, { sessionToken: token, body: {
    hits: { __op: 'Increment', amount: 10 },
    tags: { __op: 'AddUnique', objects: ['a', 'z'] },
    label: { __op: 'Delete' },
  } });
  const restStored = await view();

  // Operations that do not fit the field or are malformed, on an update and on a create.
  const put = (body) => rest('PUT', `classes/Counter/${id}`, { sessionToken: token, body });
  const post = (body) => rest('POST', 'classes/Counter', { sessionToken: token, body });
  const refusals = {
    incrementString: await put({ name: { __op: 'Increment', amount: 1 } }),
    addToNumber: await put({ hits: { __op: 'Add', objects: [1] } }),
    incrementByString: await put({ hits: { __op: 'Increment', amount: 'x' } }),
    addNotArray: await put({ tags: { __op: 'Add', objects: 'x' } }),
    unknownOp: await put({ hits: { __op: 'Multiply', amount: 2 } }),
    deleteUnknownField: await put({ neverSeen: { __op: 'Delete' } }),
    createIncrementByString: await post({ hits: { __op: 'Increment', amount: 'x' } }),
    createAddNotArray: await post({ tags: { __op: 'Add', objects: 'x' } }),
    createUnknownOp: await post({ hits: { __op: 'Multiply', amount: 2 } }),
  };
  const afterRefusals = await view();
  const counterObjects = (await new Parse.Query('Counter').find({ useMasterKey: true })).length;

  // Add onto an array that already holds duplicates.
  const dups = await new Parse.Object('Counter').save({ name: 'dups', tags: ['x', 'x', 'y'] }, asUser);
  const addOntoDuplicates = await rest('PUT', `classes/Counter/${dups.id}`, { sessionToken: token, body: { tags: { __op: 'Add', objects: ['z'] } } });

  // 100 increments at once, each its own SDK object and call (no shared instance, no queue).
  Parse.Object.disableSingleInstance();
  const race = await new Parse.Object('Counter').save({ name: 'race', hits: 0 }, asUser);
  const returned = await Promise.all(Array.from({ length: 100 }, async () => {
    const copy = pointerTo(Parse, 'Counter', race.id);
    copy.increment('hits');
    await copy.save(null, asUser);
    return copy.get('hits');
  }));
  const raced = await new Parse.Query('Counter').get(race.id, asUser);

  global.fetch = realFetch;
  return {
    createAnswer,
    created,
    steps,
    restAnswer: { status: restAnswer.status, body: { ...restAnswer.body, updatedAt: '<updatedAt>' } },
    restStored,
    refusals,
    afterRefusals,
    counterObjects,
    addOntoDuplicates: { status: addOntoDuplicates.status, tags: addOntoDuplicates.body.tags },
    race: {
      final: raced.get('hits'),
      returnedDistinct: new Set(returned).size,
      returnedMin: Math.min(...returned),
      returnedMax: Math.max(...returned),
    },
  };
});
