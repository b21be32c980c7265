'use strict';
// Schemas and class-level permissions over REST with the master key (GET/POST/PUT/DELETE /schemas),
// then the official SDK's calls refused or allowed by them: find/get/count/create/update/delete/addField,
// requiresAuthentication, role and user entries, pointerFields, readUserFields/writeUserFields,
// protectedFields. node schemas-and-clps.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, pointerTo, redact, unique, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();
  const alice = await Parse.User.signUp(unique('alice'), 'secret', {});
  const bob = await Parse.User.signUp(unique('bob'), 'secret', {});
  const as = (u) => ({ sessionToken: u.getSessionToken() });
  const master = { useMasterKey: true };
  const schemas = (method, className, body) => rest(method, className ? `schemas/${className}` : 'schemas', { master: true, body });

  // Create a class with fields, CLPs and an index; read it back; the same name again.
  const created = await schemas('POST', 'Article', {
    className: 'Article',
    fields: {
      title: { type: 'String', required: true },
      views: { type: 'Number', defaultValue: 0 },
      author: { type: 'Pointer', targetClass: '_User' },
      tags: { type: 'Array' },
      secretNote: { type: 'String' },
    },
    classLevelPermissions: {
      find: { '*': true }, count: { '*': true }, get: { '*': true },
      create: { requiresAuthentication: true }, update: { [alice.id]: true }, delete: { 'role:Editor': true },
      addField: {}, protectedFields: { '*': ['secretNote'] },
    },
    indexes: { title_1: { title: 1 } },
  });
  const got = await schemas('GET', 'Article');
  const structure = {
    created,
    got,
    again: await schemas('POST', 'Article', { className: 'Article' }),
    nameMismatch: await schemas('POST', 'Other', { className: 'Article' }),
    badClassName: await schemas('POST', '1bad', {}),
    badFieldType: await schemas('POST', 'BadType', { fields: { x: { type: 'Nope' } } }),
    badFieldName: await schemas('POST', 'BadField', { fields: { 'bad-name': { type: 'String' } } }),
    pointerWithoutTarget: await schemas('POST', 'BadPointer', { fields: { p: { type: 'Pointer' } } }),
    badClp: await schemas('POST', 'BadClp', { classLevelPermissions: { find: { '*': 'yes' } } }),
    unknownClpOperation: await schemas('POST', 'BadClp2', { classLevelPermissions: { frobnicate: { '*': true } } }),
    withoutMasterKey: await rest('GET', 'schemas/Article', { sessionToken: alice.getSessionToken() }),
    listWithoutMasterKey: await rest('GET', 'schemas'),
    missingClass: await schemas('GET', 'Nowhere'),
    defaultClps: (await schemas('POST', 'Plain', {})).body.classLevelPermissions,
    partialClps: (await schemas('POST', 'Partial', { classLevelPermissions: { find: { '*': true } } })).body.classLevelPermissions,
    list: (await schemas('GET')).body.results.map((s) => s.className).sort(),
  };
  structure.partialCreate = await outcome(new Parse.Object('Partial', { a: 1 }).save(null, as(alice)));
  structure.partialFind = await outcome(new Parse.Query('Partial').find(as(alice)));

  // The SDK against those CLPs.
  const article = (fields) => new Parse.Object('Article', fields);
  const sdk = {
    anonymousCreates: await outcome(article({ title: 'x' }).save()),
    aliceCreates: await outcome(article({ title: 'first' }).save(null, as(alice))),
    missingRequired: await outcome(article({ views: 1 }).save(null, as(alice))),
  };
  const first = await new Parse.Query('Article').equalTo('title', 'first').first(as(alice));
  sdk.defaultValue = first.get('views');
  sdk.bobUpdates = await outcome(pointerTo(Parse, 'Article', first.id).save({ title: 'bob' }, as(bob)));
  sdk.aliceUpdates = await outcome(pointerTo(Parse, 'Article', first.id).save({ title: 'first' }, as(alice)));
  sdk.aliceAddsField = await outcome(pointerTo(Parse, 'Article', first.id).save({ newField: 1 }, as(alice)));
  sdk.masterAddsField = await outcome(pointerTo(Parse, 'Article', first.id).save({ secretNote: 'hidden' }, master));
  sdk.aliceReadsProtected = (await new Parse.Query('Article').get(first.id, as(alice))).has('secretNote');
  sdk.masterReadsProtected = (await new Parse.Query('Article').get(first.id, master)).get('secretNote');
  sdk.aliceDeletes = await outcome(pointerTo(Parse, 'Article', first.id).destroy(as(alice)));
  sdk.anonymousFinds = (await new Parse.Query('Article').find()).map((a) => a.get('title'));

  // PUT: add a field, delete a field, change CLPs; then the SDK sees the change.
  const changes = {
    addField: await schemas('PUT', 'Article', { fields: { score: { type: 'Number' } } }),
    existingField: await schemas('PUT', 'Article', { fields: { title: { type: 'String' } } }),
    deleteMissingField: await schemas('PUT', 'Article', { fields: { nowhere: { __op: 'Delete' } } }),
    deleteField: await schemas('PUT', 'Article', { fields: { tags: { __op: 'Delete' } } }),
    missingClass: await schemas('PUT', 'Nowhere', { fields: { a: { type: 'String' } } }),
    lockFind: await schemas('PUT', 'Article', { classLevelPermissions: {
      find: { requiresAuthentication: true }, get: { requiresAuthentication: true }, count: {}, create: { '*': true },
      update: { '*': true }, delete: { '*': true }, addField: { '*': true }, protectedFields: {},
    } }),
  };
  const locked = {
    anonymousFinds: await outcome(new Parse.Query('Article').find()),
    anonymousGets: await outcome(new Parse.Query('Article').get(first.id)),
    aliceFinds: (await new Parse.Query('Article').find(as(alice))).length,
    aliceCounts: await outcome(new Parse.Query('Article').count(as(alice))),
    masterCounts: await new Parse.Query('Article').equalTo('title', 'first').count(master),
  };

  // pointerFields / readUserFields / writeUserFields: Memo readable and writable by the user it names.
  await schemas('POST', 'Memo', {
    fields: { owner: { type: 'Pointer', targetClass: '_User' }, text: { type: 'String' } },
    classLevelPermissions: {
      find: {}, get: {}, count: {}, create: { '*': true }, update: {}, delete: {}, addField: {},
      readUserFields: ['owner'], writeUserFields: ['owner'], protectedFields: {},
    },
  });
  const memo = await new Parse.Object('Memo', { owner: alice, text: 'mine' }).save(null, as(alice));
  const userFields = {
    aliceFinds: (await new Parse.Query('Memo').find(as(alice))).map((m) => m.get('text')),
    bobFinds: (await new Parse.Query('Memo').find(as(bob))).map((m) => m.get('text')),
    bobGets: await outcome(new Parse.Query('Memo').get(memo.id, as(bob))),
    anonymousFinds: (await new Parse.Query('Memo').find()).map((m) => m.get('text')),
    aliceUpdates: await outcome(pointerTo(Parse, 'Memo', memo.id).save({ text: 'edited' }, as(alice))),
    bobUpdates: await outcome(pointerTo(Parse, 'Memo', memo.id).save({ text: 'bob' }, as(bob))),
    bobDeletes: await outcome(pointerTo(Parse, 'Memo', memo.id).destroy(as(bob))),
    clp: (await schemas('GET', 'Memo')).body.classLevelPermissions,
  };
  // The same through pointerFields entries on each operation.
  await schemas('POST', 'Ticket', {
    fields: { holder: { type: 'Pointer', targetClass: '_User' }, seat: { type: 'String' } },
    classLevelPermissions: {
      find: { pointerFields: ['holder'] }, get: { pointerFields: ['holder'] }, count: {}, create: { '*': true },
      update: { pointerFields: ['holder'] }, delete: {}, addField: {}, protectedFields: {},
    },
  });
  const ticket = await new Parse.Object('Ticket', { holder: bob, seat: '1A' }).save(null, as(alice));
  const pointerFields = {
    bobFinds: (await new Parse.Query('Ticket').find(as(bob))).map((t) => t.get('seat')),
    aliceFinds: (await new Parse.Query('Ticket').find(as(alice))).map((t) => t.get('seat')),
    bobUpdates: await outcome(pointerTo(Parse, 'Ticket', ticket.id).save({ seat: '2B' }, as(bob))),
    aliceUpdates: await outcome(pointerTo(Parse, 'Ticket', ticket.id).save({ seat: '3C' }, as(alice))),
    bobDeletes: await outcome(pointerTo(Parse, 'Ticket', ticket.id).destroy(as(bob))),
  };
  // protectedFields by entity: hidden from the public, shown to the holder (userField:) and to a role.
  await schemas('POST', 'Profile', {
    fields: { user: { type: 'Pointer', targetClass: '_User' }, phone: { type: 'String' }, name: { type: 'String' } },
    classLevelPermissions: {
      find: { '*': true }, get: { '*': true }, count: { '*': true }, create: { '*': true }, update: { '*': true }, delete: { '*': true }, addField: {},
      protectedFields: { '*': ['phone', 'user'], 'userField:user': ['user'] },
    },
  });
  await new Parse.Object('Profile', { user: alice, phone: '+4712345678', name: 'Alice' }).save(null, as(alice));
  const keysSeenBy = async (options) => Object.keys((await new Parse.Query('Profile').first(options)).attributes).sort();
  const protectedFields = {
    alice: await keysSeenBy(as(alice)),
    bob: await keysSeenBy(as(bob)),
    anonymous: await keysSeenBy({}),
    master: await keysSeenBy(master),
    bobQueriesProtected: await outcome(new Parse.Query('Profile').equalTo('phone', '+4712345678').find(as(bob))),
  };

  // Deleting classes: not while it holds objects; then empty it and delete.
  const deleting = {
    nonEmpty: await schemas('DELETE', 'Memo'),
    missing: await schemas('DELETE', 'Nowhere'),
  };
  await new Parse.Query('Memo').each((m) => m.destroy(master), master);
  deleting.empty = await schemas('DELETE', 'Memo');
  deleting.afterwards = await schemas('GET', 'Memo');
  deleting.sdkAfterwards = await outcome(new Parse.Object('Memo', { text: 'again' }).save(null, as(alice)));
  return redact({ structure, sdk, changes, locked, userFields, pointerFields, protectedFields, deleting }, { [alice.id]: '<alice>', [bob.id]: '<bob>' });
});
