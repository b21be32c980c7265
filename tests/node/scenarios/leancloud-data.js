'use strict';
// App data through the official LeanCloud JS SDK, as a LeanCloud app stores it: AV.Object save, fetch,
// destroy, saveAll, fetchAll and destroyAll; LeanCloud's operators, fetchWhenSave and conditional saves;
// AV.Query with each supported operator; AV.ACL, AV.Role, AV.Relation; AV.Query.doCloudQuery.
// node leancloud-data.js <serverURL> <appId> <appKey> <masterKey>; prints one JSON object.
const { outcome, unique, run } = require('./support');
const { connect } = require('./leancloud-support');

run(async () => {
  const { AV, rest } = connect();
  const seen = {};
  const master = { useMasterKey: true };

  // As an app's console does, the classes are made with the master key; clients then write to them.
  for (const name of ['Post', 'Score', 'Account', 'Note']) await new AV.Object(name).save({ seed: true }, master);
  seen.newClass = await outcome(new AV.Object('Unplanned').save({ a: 1 }));

  const alice = await AV.User.signUp(unique('alice'), 'secret');
  const aliceToken = alice.getSessionToken();
  await AV.User.logOut();
  const bob = await AV.User.signUp(unique('bob'), 'secret');
  const bobToken = bob.getSessionToken();
  await AV.User.logOut();
  const as = (token) => ({ sessionToken: token });

  // save, fetch, update, destroy
  const post = new AV.Object('Post');
  post.set({ title: 'Hello', views: 10, tags: ['a', 'b'], published: new Date('2024-02-29T12:34:56.789Z'), meta: { lang: 'en' } });
  post.set({ andFlags: 6, orFlags: 6, xorFlags: 6 });
  await post.save(null, as(aliceToken));
  const fetched = await AV.Object.createWithoutData('Post', post.id).fetch({}, as(aliceToken));
  seen.fetched = {
    title: fetched.get('title'), views: fetched.get('views'), tags: fetched.get('tags'), meta: fetched.get('meta'),
    published: fetched.get('published').toISOString(), createdAtIsDate: fetched.createdAt instanceof Date, acl: fetched.getACL() === undefined ? 'none' : 'some',
  };
  const partial = await new AV.Query('Post').select(['title']).get(post.id, as(aliceToken));
  seen.selected = { title: partial.get('title'), views: partial.get('views') === undefined ? 'absent' : partial.get('views') };
  const withoutTags = await rest('GET', `classes/Post/${post.id}?keys=-tags,-meta`, { sessionToken: aliceToken });
  seen.excludedKeys = Object.keys(withoutTags.body).sort();

  post.increment('views', 5);
  post.bitAnd('andFlags', 3);
  post.bitOr('orFlags', 8);
  post.bitXor('xorFlags', 5);
  post.add('tags', 'c');
  await post.save(null, as(aliceToken));
  const afterOps = await AV.Object.createWithoutData('Post', post.id).fetch({}, as(aliceToken));
  seen.afterOps = ['views', 'andFlags', 'orFlags', 'xorFlags', 'tags'].reduce((o, k) => ({ ...o, [k]: afterOps.get(k) }), {});
  seen.decrementRest = (await rest('PUT', `classes/Post/${post.id}`, { body: { views: { __op: 'Decrement', amount: 3 } }, sessionToken: aliceToken })).body.views;

  // fetchWhenSave: the server answers the whole object, so another client's change shows up.
  await rest('PUT', `classes/Post/${post.id}`, { body: { views: 100, title: 'Changed elsewhere' }, master: true });
  post.set('subtitle', 'fresh');
  await post.save(null, { ...as(aliceToken), fetchWhenSave: true });
  seen.fetchWhenSave = { views: post.get('views'), title: post.get('title'), subtitle: post.get('subtitle') };

  // A conditional save: only while the balance covers the withdrawal; 305 otherwise, and nothing changes.
  const account = await new AV.Object('Account').save({ balance: 50 }, as(aliceToken));
  account.increment('balance', -30);
  seen.firstWithdrawal = await outcome(account.save(null, { ...as(aliceToken), query: new AV.Query('Account').greaterThanOrEqualTo('balance', 30), fetchWhenSave: true }));
  seen.balanceAfterFirst = account.get('balance');
  account.increment('balance', -30);
  seen.secondWithdrawal = await outcome(account.save(null, { ...as(aliceToken), query: new AV.Query('Account').greaterThanOrEqualTo('balance', 30) }));
  seen.balanceStored = (await AV.Object.createWithoutData('Account', account.id).fetch({}, as(aliceToken))).get('balance');
  seen.conditionalDelete = await rest('DELETE', `classes/Account/${account.id}?where=${encodeURIComponent(JSON.stringify({ balance: { $gt: 100 } }))}`, { sessionToken: aliceToken });
  seen.conditionalDeleteMatched = await rest('DELETE', `classes/Account/${account.id}?where=${encodeURIComponent(JSON.stringify({ balance: 20 }))}`, { sessionToken: aliceToken });

  // saveAll, fetchAll, destroyAll (one DELETE of several ids in a batch)
  const many = [1, 2, 3].map((n) => new AV.Object('Post', { title: `p${n}`, n }));
  await AV.Object.saveAll(many, as(aliceToken));
  const refetched = await AV.Object.fetchAll(many.map((o) => AV.Object.createWithoutData('Post', o.id)), as(aliceToken));
  seen.fetchedAll = refetched.map((o) => o.get('title'));
  await AV.Object.destroyAll(many.slice(0, 2), as(aliceToken));
  seen.leftAfterDestroyAll = (await new AV.Query('Post').containedIn('objectId', many.map((o) => o.id)).find(as(aliceToken))).map((o) => o.get('title'));
  await post.destroy(as(aliceToken));
  seen.destroyed = await outcome(AV.Object.createWithoutData('Post', post.id).fetch({}, as(aliceToken)));

  // Queries, each operator on the same data.
  const level = new AV.Object('Note', { kind: 'level' });
  await level.save(null, as(aliceToken));
  const rows = [
    { name: 'Ann', score: 90, tags: ['x', 'y'], medal: 'gold' },
    { name: 'Bob', score: 75, tags: ['x'], medal: 'silver' },
    { name: 'Cid', score: 60, tags: ['y', 'z', 'x'] },
    { name: 'Dee', score: 45, tags: [] },
    { name: 'Eve', score: 30, tags: ['z'], medal: 'bronze' },
  ];
  await AV.Object.saveAll(rows.map((r) => new AV.Object('Score', { ...r, note: level })), as(aliceToken));
  const names = async (query) => (await query.find(as(aliceToken))).map((o) => o.get('name'));
  const Q = () => new AV.Query('Score').exists('name').ascending('name');
  seen.queries = {
    equalTo: await names(Q().equalTo('medal', 'gold')),
    notEqualTo: await names(Q().notEqualTo('medal', 'gold')),
    lessThan: await names(Q().lessThan('score', 60)),
    greaterThanOrEqualTo: await names(Q().greaterThanOrEqualTo('score', 75)),
    containedIn: await names(Q().containedIn('name', ['Ann', 'Eve', 'Zed'])),
    notContainedIn: await names(Q().notContainedIn('name', ['Ann', 'Eve'])),
    containsAll: await names(Q().containsAll('tags', ['x', 'y'])),
    arrayEqualTo: await names(Q().equalTo('tags', 'z')),
    sizeEqualTo: await names(Q().sizeEqualTo('tags', 1)),
    exists: await names(Q().exists('medal')),
    doesNotExist: await names(Q().doesNotExist('medal')),
    startsWith: await names(Q().startsWith('name', 'A')),
    endsWith: await names(Q().endsWith('name', 'e')),
    contains: await names(Q().contains('name', 'i')),
    matches: await names(Q().matches('name', /^[ab]/i)),
    or: await names(AV.Query.or(Q().equalTo('name', 'Ann'), Q().lessThan('score', 40)).ascending('name')),
    and: await names(AV.Query.and(Q().greaterThan('score', 40), Q().lessThan('score', 80)).ascending('name')),
    descending: await names(new AV.Query('Score').exists('name').descending('score')),
    limitSkip: await names(Q().skip(1).limit(2)),
    matchesQuery: await names(Q().matchesQuery('note', new AV.Query('Note').equalTo('kind', 'level'))),
    matchesKeyInQuery: await names(Q().matchesKeyInQuery('name', 'name', new AV.Query('Score').greaterThan('score', 70))),
  };
  seen.count = await Q().greaterThan('score', 50).count(as(aliceToken));
  const [firstPage, total] = await Q().limit(2).findAndCount(as(aliceToken));
  seen.findAndCount = { page: firstPage.map((o) => o.get('name')), total };
  const included = await Q().equalTo('name', 'Ann').include('note').first(as(aliceToken));
  seen.included = { kind: included.get('note').get('kind'), isObject: included.get('note') instanceof AV.Object };
  const withAcl = await Q().equalTo('name', 'Ann').includeACL(true).first(as(aliceToken));
  const withoutAcl = await Q().equalTo('name', 'Ann').first(as(aliceToken));
  seen.acls = { withIncludeACL: withAcl.getACL() instanceof AV.ACL, without: withoutAcl.getACL() === undefined };
  seen.badQuery = await outcome(Q().equalTo('$bad', 1).find(as(aliceToken)));

  // AV.ACL: a private note is Alice's alone; AV.Role: a note the Editors role may read, Bob among them.
  const privateAcl = new AV.ACL();
  privateAcl.setReadAccess(alice.id, true);
  privateAcl.setWriteAccess(alice.id, true);
  const secret = await new AV.Object('Note', { text: 'secret' }).setACL(privateAcl).save(null, as(aliceToken));
  seen.privateByOwner = (await AV.Object.createWithoutData('Note', secret.id).fetch({}, as(aliceToken))).get('text');
  seen.privateByOther = await outcome(AV.Object.createWithoutData('Note', secret.id).fetch({}, as(bobToken)));
  seen.privateUpdateByOther = await outcome(AV.Object.createWithoutData('Note', secret.id).save({ text: 'mine' }, as(bobToken)));
  seen.privateInOthersQuery = (await new AV.Query('Note').equalTo('text', 'secret').find(as(bobToken))).length;

  const roleAcl = new AV.ACL();
  roleAcl.setPublicReadAccess(true);
  roleAcl.setWriteAccess(alice.id, true);
  const roleName = unique('Editors');
  const role = new AV.Role(roleName, roleAcl);
  role.getUsers().add(bob);
  await role.save(null, as(aliceToken));
  const editorsAcl = new AV.ACL();
  editorsAcl.setRoleReadAccess(role, true);
  const draft = await new AV.Object('Note', { text: 'draft' }).setACL(editorsAcl).save(null, as(aliceToken));
  seen.roleMemberReads = (await AV.Object.createWithoutData('Note', draft.id).fetch({}, as(bobToken))).get('text');
  seen.nonMemberReads = await outcome(AV.Object.createWithoutData('Note', draft.id).fetch({}, as(aliceToken)));
  seen.roleFound = (await new AV.Query(AV.Role).equalTo('name', roleName).find(as(bobToken))).map((r) => r.getName() === roleName);
  seen.roleMembersByMaster = (await role.getUsers().query().find(master)).map((u) => u.id === bob.id);
  seen.roleMembersByClient = await outcome(role.getUsers().query().find(as(bobToken)));

  // AV.Relation between objects, queried both ways.
  const hub = new AV.Object('Post', { title: 'hub' });
  const linked = await AV.Object.saveAll([new AV.Object('Post', { title: 'r1' }), new AV.Object('Post', { title: 'r2' })], as(aliceToken));
  hub.relation('related').add(linked);
  await hub.save(null, as(aliceToken));
  seen.relationQuery = (await hub.relation('related').query().ascending('title').find(as(aliceToken))).map((o) => o.get('title'));
  hub.relation('related').remove(linked[0]);
  await hub.save(null, as(aliceToken));
  seen.afterRemove = (await hub.relation('related').query().find(as(aliceToken))).map((o) => o.get('title'));
  seen.reverseQuery = (await AV.Relation.reverseQuery('Post', 'related', linked[1]).find(as(aliceToken))).map((o) => o.get('title'));

  // CQL
  const cql = async (statement, values) => {
    const result = await AV.Query.doCloudQuery(statement, values, as(aliceToken));
    return { className: result.className, names: result.results.map((o) => o.get('name')), count: result.count };
  };
  seen.cql = {
    placeholders: await cql('select * from Score where score > ? order by score desc limit 2', [50]),
    count: await cql("select count(*) from Score where medal is exists and score >= 40"),
    countAndRows: await cql("select count(*), name from Score where name in ('Ann', 'Eve') order by name"),
    like: await cql("select name from Score where name like 'A%' or name like '_ve' order by name"),
    notIn: await cql("select * from Score where name not in ('Ann', 'Bob') and size(tags) = 1 order by name"),
    subSelect: await cql('select * from Score where name in (select name from Score where score > 70) order by -name'),
    limitSkip: await cql('select * from Score where name is exists limit 1, 2 order by name'),
    pointer: await cql('select * from Score where note = pointer(?, ?) and score < 50 order by name', ['Note', level.id]),
    date: await cql("select * from Score where createdAt > date('2000-01-01T00:00:00.000Z') and score = 90 order by name"),
  };
  seen.cqlErrors = {
    syntax: await outcome(AV.Query.doCloudQuery('select * form Score', as(aliceToken))),
    badField: await outcome(AV.Query.doCloudQuery('select * from Score where $x = 1', as(aliceToken))),
    missingValue: await outcome(AV.Query.doCloudQuery('select * from Score where score > ?', [], as(aliceToken))),
  };

  // _User: closed to clients' queries, as LeanCloud has it by default; the master key may.
  seen.userQueryByClient = await outcome(new AV.Query('_User').find(as(aliceToken)));
  seen.userQueryByMaster = (await new AV.Query('_User').equalTo('username', alice.getUsername()).find(master)).map((u) => u.id === alice.id);

  // The schema, with the master key.
  const schema = await rest('GET', 'schemas/Score', { master: true });
  seen.schema = Object.fromEntries(['name', 'score', 'tags', 'note', 'createdAt'].map((k) => [k, schema.body[k]]));
  seen.schemaByClient = await rest('GET', 'schemas', { sessionToken: aliceToken });
  return seen;
});
