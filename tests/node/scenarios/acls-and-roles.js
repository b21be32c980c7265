'use strict';
// ACLs and roles as the official SDK uses them: objects readable or writable by one user, the public,
// a role, or a role that inherits another's rights (role.getRoles().add(child)); what other users can
// see and do (Parse hides existence: 101), what the master key sees, and ACLs on included objects.
// node acls-and-roles.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, pointerTo, unique, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();
  const alice = await Parse.User.signUp(unique('alice'), 'secret', {});
  const bob = await Parse.User.signUp(unique('bob'), 'secret', {});
  const carol = await Parse.User.signUp(unique('carol'), 'secret', {});
  const dave = await Parse.User.signUp(unique('dave'), 'secret', {});
  const as = (u) => ({ sessionToken: u.getSessionToken() });
  const master = { useMasterKey: true };

  // Roles, made with the master key: carol is an Admin, dave a Moderator; Admin is a child of Moderator
  // (moderator.getRoles().add(admin)), so Admins get every right given to Moderators.
  const roleAcl = new Parse.ACL();
  roleAcl.setPublicReadAccess(true);
  const admin = new Parse.Role('Admin', roleAcl);
  admin.getUsers().add(carol);
  await admin.save(null, master);
  const moderator = new Parse.Role('Moderator', roleAcl);
  moderator.getUsers().add(dave);
  moderator.getRoles().add(admin);
  await moderator.save(null, master);

  const acl = (entries) => {
    const a = new Parse.ACL();
    for (const [who, read, write] of entries) {
      if (who === '*') { a.setPublicReadAccess(read); a.setPublicWriteAccess(write); }
      else if (who.startsWith('role:')) { a.setRoleReadAccess(who.slice(5), read); a.setRoleWriteAccess(who.slice(5), write); }
      else { a.setReadAccess(who, read); a.setWriteAccess(who, write); }
    }
    return a;
  };
  // The class is made with the master key; alice writes the rest.
  await new Parse.Object('Doc').save({ title: 'seed' }, master).then((o) => o.destroy(master));
  const docs = {};
  const make = async (title, entries) => {
    const doc = new Parse.Object('Doc');
    doc.set('title', title);
    if (entries) doc.setACL(acl(entries));
    docs[title] = await doc.save(null, as(alice));
  };
  await make('private', [[alice.id, true, true]]);
  await make('publicRead', [['*', true, false], [alice.id, true, true]]);
  await make('admins', [['role:Admin', true, true], [alice.id, true, true]]);
  await make('moderatorsRead', [['role:Moderator', true, false], [alice.id, true, true]]);
  await make('bobWriteOnly', [[bob.id, false, true], [alice.id, true, true]]);
  await make('noAcl', null);
  await make('emptyAcl', []);

  const titles = async (options) => {
    try {
      return (await new Parse.Query('Doc').ascending('title').find(options)).map((d) => d.get('title'));
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };
  const visible = {
    alice: await titles(as(alice)),
    bob: await titles(as(bob)),
    carol: await titles(as(carol)),
    dave: await titles(as(dave)),
    anonymous: await titles({}),
    master: await titles(master),
  };

  const doc = (title) => pointerTo(Parse, 'Doc', docs[title].id);
  const denied = {
    bobGetsPrivate: await outcome(new Parse.Query('Doc').get(docs.private.id, as(bob))),
    bobGetsPrivateWire: await rest('GET', `classes/Doc/${docs.private.id}`, { sessionToken: bob.getSessionToken() }),
    bobUpdatesPrivate: await outcome(doc('private').save({ title: 'x' }, as(bob))),
    bobUpdatesPrivateWire: await rest('PUT', `classes/Doc/${docs.private.id}`, { sessionToken: bob.getSessionToken(), body: { title: 'x' } }),
    bobDeletesPrivate: await outcome(doc('private').destroy(as(bob))),
    bobDeletesPrivateWire: await rest('DELETE', `classes/Doc/${docs.private.id}`, { sessionToken: bob.getSessionToken() }),
    bobUpdatesPublicRead: await outcome(doc('publicRead').save({ title: 'x' }, as(bob))),
    bobDeletesPublicRead: await outcome(doc('publicRead').destroy(as(bob))),
    anonymousUpdatesPublicRead: await outcome(doc('publicRead').save({ title: 'x' })),
    bobUpdatesAdmins: await outcome(doc('admins').save({ title: 'x' }, as(bob))),
    daveUpdatesAdmins: await outcome(doc('admins').save({ title: 'x' }, as(dave))),
    carolUpdatesModeratorsRead: await outcome(doc('moderatorsRead').save({ title: 'x' }, as(carol))),
    bobGetsWriteOnly: await outcome(new Parse.Query('Doc').get(docs.bobWriteOnly.id, as(bob))),
  };
  const allowed = {
    carolGetsModeratorsRead: await outcome(new Parse.Query('Doc').get(docs.moderatorsRead.id, as(carol))),
    carolUpdatesAdmins: await outcome(doc('admins').save({ note: 'carol' }, as(carol))),
    bobUpdatesWriteOnly: await outcome(doc('bobWriteOnly').save({ note: 'bob' }, as(bob))),
    bobUpdatesWriteOnlyWire: await rest('PUT', `classes/Doc/${docs.bobWriteOnly.id}`, { sessionToken: bob.getSessionToken(), body: { note: 'bob2' } }),
    bobUpdatesNoAcl: await outcome(doc('noAcl').save({ note: 'bob' }, as(bob))),
    masterUpdatesEmptyAcl: await outcome(doc('emptyAcl').save({ note: 'master' }, master)),
  };
  allowed.bobUpdatesWriteOnlyWire = { status: allowed.bobUpdatesWriteOnlyWire.status, keys: Object.keys(allowed.bobUpdatesWriteOnlyWire.body).sort() };
  const afterDenied = {
    privateTitle: (await new Parse.Query('Doc').get(docs.private.id, master)).get('title'),
    publicReadTitle: (await new Parse.Query('Doc').get(docs.publicRead.id, master)).get('title'),
    writeOnlyNote: (await new Parse.Query('Doc').get(docs.bobWriteOnly.id, master)).get('note'),
    adminsNote: (await new Parse.Query('Doc').get(docs.admins.id, master)).get('note'),
  };

  // The ACL on the wire, as its owner reads it.
  const names = { [alice.id]: '<alice>', [bob.id]: '<bob>' };
  const aclWire = (await rest('GET', `classes/Doc/${docs.admins.id}`, { sessionToken: alice.getSessionToken() })).body.ACL;
  const aclOnWire = Object.fromEntries(Object.entries(aclWire).map(([k, v]) => [names[k] || k, v]));

  // ACLs apply to included objects: a public Note points at each Doc.
  await new Parse.Object('Note').save({ text: 'seed' }, master).then((o) => o.destroy(master));
  for (const title of ['private', 'publicRead', 'admins']) await new Parse.Object('Note').save({ text: title, doc: docs[title] }, as(alice));
  const included = async (options) => {
    const notes = await new Parse.Query('Note').include('doc').ascending('text').find(options);
    return notes.map((n) => ({
      text: n.get('text'),
      doc: n.get('doc') === undefined ? '<absent>' : n.get('doc').isDataAvailable() ? n.get('doc').get('title') : '<pointer>',
    }));
  };
  const include = { alice: await included(as(alice)), bob: await included(as(bob)), carol: await included(as(carol)) };

  // Roles themselves.
  const roleNames = async (user) => (await new Parse.Query(Parse.Role).containedIn('users', [user]).ascending('name').find(as(user))).map((r) => r.get('name'));
  const roles = {
    carolDirect: await roleNames(carol),
    daveDirect: await roleNames(dave),
    childRoles: (await moderator.getRoles().query().find(master)).map((r) => r.get('name')),
    duplicateName: await outcome(new Parse.Role('Admin', roleAcl).save(null, master)),
    invalidNameSdk: await outcome((async () => new Parse.Role('bad name!', roleAcl).save(null, master))()),
    invalidNameWire: await rest('POST', 'roles', { master: true, body: { name: 'bad name!', ACL: { '*': { read: true } } } }),
    renamedSdk: await outcome((async () => pointerTo(Parse, '_Role', admin.id).save({ name: 'Renamed' }, master))()),
    renamedWire: await rest('PUT', `roles/${admin.id}`, { master: true, body: { name: 'Renamed' } }),
    withoutAcl: await rest('POST', 'roles', { master: true, body: { name: 'NoAcl' } }),
    byClient: await outcome(new Parse.Role(`Club_${Date.now().toString(36)}`, acl([[alice.id, true, true]])).save(null, as(alice))),
    roleWire: await rest('GET', `roles/${admin.id}`, { master: true }),
  };
  // Answers that carry ids and stamps are reduced to their status and keys.
  const shape = (answer) => (answer.body.code ? answer : { status: answer.status, keys: Object.keys(answer.body).sort() });
  for (const key of ['withoutAcl', 'invalidNameWire', 'renamedWire']) roles[key] = shape(roles[key]);
  const roleBody = { ...roles.roleWire.body };
  delete roleBody.objectId; delete roleBody.createdAt; delete roleBody.updatedAt;
  roles.roleWire = { status: roles.roleWire.status, body: roleBody };

  // Users are private (enforcePrivateUsers): bob cannot read alice.
  const users = {
    bobGetsAlice: await outcome(new Parse.Query(Parse.User).get(alice.id, as(bob))),
    bobFindsUsers: (await new Parse.Query(Parse.User).find(as(bob))).map((u) => (u.id === bob.id ? '<bob>' : '<other>')),
    masterFindsUsers: (await new Parse.Query(Parse.User).find(master)).length,
  };
  return { visible, denied, allowed, afterDenied, aclOnWire, include, roles, users };
});
