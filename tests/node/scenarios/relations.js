'use strict';
// Parse.Relation as the official SDK uses it: add and remove (AddRelation/RemoveRelation), both in one
// save, relation.query() (a $relatedTo query) with and without constraints, $relatedTo over REST, equality on a relation field, the
// field's schema type and its JSON, refusals, and ACLs on related objects.
// node relations.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, pointerTo, unique, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();
  const alice = await Parse.User.signUp(unique('alice'), 'secret', {});
  const bob = await Parse.User.signUp(unique('bob'), 'secret', {});
  const as = (u) => ({ sessionToken: u.getSessionToken() });
  const master = { useMasterKey: true };

  await new Parse.Object('Author').save({ name: 'seed' }, master).then((o) => o.destroy(master));
  await new Parse.Object('Book').save({ title: 'seed' }, master).then((o) => o.destroy(master));
  const author = async (name, acl) => {
    const a = new Parse.Object('Author');
    a.set('name', name);
    if (acl) a.setACL(acl);
    return a.save(null, as(alice));
  };
  const aliceOnly = new Parse.ACL(alice);
  const [ann, ben, cat, dan] = [await author('Ann'), await author('Ben'), await author('Cat'), await author('Dan', aliceOnly)];

  const book = new Parse.Object('Book');
  book.set('title', 'Dune');
  book.relation('authors').add([ann, ben, cat]);
  await book.save(null, as(alice));
  const other = new Parse.Object('Book');
  other.set('title', 'Emma');
  other.relation('authors').add([ben, dan]);
  await other.save(null, as(alice));

  const names = async (query, options = as(alice)) => {
    try {
      return (await query.ascending('name').find(options)).map((a) => a.get('name'));
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };
  const relationOf = (b) => pointerTo(Parse, 'Book', b.id).relation('authors');
  const seen = {
    afterAdd: await names(relationOf(book).query()),
    constrained: await names(relationOf(book).query().notEqualTo('name', 'Ben')),
    count: await relationOf(book).query().count(as(alice)),
    relatedToWire: await rest('GET', `classes/Author?where=${encodeURIComponent(JSON.stringify({ $relatedTo: { object: { __type: 'Pointer', className: 'Book', objectId: other.id }, key: 'authors' } }))}&order=name`, { sessionToken: alice.getSessionToken() }),
    booksWithBen: (await new Parse.Query('Book').equalTo('authors', ben).ascending('title').find(as(alice))).map((b) => b.get('title')),
    booksWithAuthorsMatching: (await new Parse.Query('Book').matchesQuery('authors', new Parse.Query('Author').equalTo('name', 'Cat')).find(as(alice))).map((b) => b.get('title')),
    aclOnRelated: { alice: await names(relationOf(other).query()), bob: await names(relationOf(other).query(), as(bob)) },
  };
  seen.relatedToWire = { status: seen.relatedToWire.status, names: seen.relatedToWire.body.results.map((a) => a.name) };

  // Remove one, then add and remove in one save (the SDK sends a Batch op).
  const removing = pointerTo(Parse, 'Book', book.id);
  removing.relation('authors').remove(ann);
  await removing.save(null, as(alice));
  seen.afterRemove = await names(relationOf(book).query());
  const mixing = pointerTo(Parse, 'Book', book.id);
  mixing.relation('authors').add(ann);
  mixing.relation('authors').remove(cat);
  await mixing.save(null, as(alice));
  seen.afterAddAndRemove = await names(relationOf(book).query());
  seen.batchOpWire = await rest('PUT', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken(), body: { authors: { __op: 'Batch', ops: [
    { __op: 'AddRelation', objects: [{ __type: 'Pointer', className: 'Author', objectId: cat.id }] },
    { __op: 'RemoveRelation', objects: [{ __type: 'Pointer', className: 'Author', objectId: ben.id }] },
  ] } } });
  seen.batchOpWire = { status: seen.batchOpWire.status, keys: Object.keys(seen.batchOpWire.body).sort() };
  seen.afterBatchOp = await names(relationOf(book).query());
  seen.addTwice = await rest('PUT', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken(), body: { authors: { __op: 'AddRelation', objects: [{ __type: 'Pointer', className: 'Author', objectId: cat.id }] } } });
  seen.addTwice = { status: seen.addTwice.status, count: await relationOf(book).query().count(as(alice)) };

  // The field on the wire and in the schema.
  const wire = await rest('GET', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken() });
  seen.fieldOnWire = wire.body.authors;
  const schema = await rest('GET', 'schemas/Book', { master: true });
  seen.fieldInSchema = schema.body.fields.authors;

  // Refusals: another class into the relation; a non-pointer; a relation op on a non-relation field.
  const team = await new Parse.Object('Team').save({ name: 't' }, master);
  const wrongClass = pointerTo(Parse, 'Book', book.id);
  seen.wrongClassSdk = await outcome((async () => { wrongClass.relation('authors').add(team); await wrongClass.save(null, as(alice)); })());
  seen.wrongClassWire = await rest('PUT', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken(), body: { authors: { __op: 'AddRelation', objects: [{ __type: 'Pointer', className: 'Team', objectId: team.id }] } } });
  seen.notAPointer = await rest('PUT', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken(), body: { authors: { __op: 'AddRelation', objects: ['x'] } } });
  seen.relationOnString = await rest('PUT', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken(), body: { title: { __op: 'AddRelation', objects: [{ __type: 'Pointer', className: 'Author', objectId: ann.id }] } } });
  seen.setRelationField = await rest('PUT', `classes/Book/${book.id}`, { sessionToken: alice.getSessionToken(), body: { authors: 'x' } });
  seen.unsavedSdk = await outcome((async () => { const b = pointerTo(Parse, 'Book', book.id); b.relation('authors').add(new Parse.Object('Author')); await b.save(null, as(alice)); })());
  seen.afterRefusals = await names(relationOf(book).query());

  // Deleting a related object: it simply leaves the relation's answers.
  await cat.destroy(as(alice));
  seen.afterRelatedDeleted = await names(relationOf(book).query());
  return seen;
});
