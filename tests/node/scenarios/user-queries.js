'use strict';
// Users through the ordinary query path: Parse.Query(Parse.User) with operators beyond equality,
// within privacy (users are private unless their ACL says otherwise; email is a protected field),
// querying by email, and include of pointers to _User.
// node user-queries.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, unique, run } = require('./support');

run(async () => {
  const { Parse } = connect();
  const master = { useMasterKey: true };
  const tag = unique('uq');
  const make = async (label, level, city, isPublic) => {
    const user = new Parse.User();
    user.set({ username: `${tag}_${label}`, password: 'secret', email: `${label}.${tag}@example.com`, level, city, label, tag });
    await user.signUp();
    if (isPublic) {
      const acl = new Parse.ACL(user);
      acl.setPublicReadAccess(true);
      user.setACL(acl);
      await user.save(null, { sessionToken: user.getSessionToken() });
    }
    return user;
  };
  const ann = await make('ann', 1, 'Oslo', true);
  const ben = await make('ben', 3, 'Rome', true);
  const cy = await make('cy', 5, 'Oslo', true);
  const dot = await make('dot', 7, 'Rome', false); // private: the default ACL (owner only)
  const as = (u) => ({ sessionToken: u.getSessionToken() });
  const q = () => new Parse.Query(Parse.User).equalTo('tag', tag);
  const labels = async (query, options = as(ann)) => {
    try {
      return (await query.ascending('level').find(options)).map((u) => u.get('label'));
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };

  const seen = {
    all: await labels(q()),
    allAnonymous: await labels(q(), {}),
    allMaster: await labels(q(), master),
    greaterThan: await labels(q().greaterThan('level', 2)),
    containedIn: await labels(q().containedIn('city', ['Rome'])),
    or: await labels(Parse.Query.or(q().equalTo('level', 1), q().equalTo('city', 'Rome'))),
    descending: (await q().descending('level').find(as(ann))).map((u) => u.get('label')),
    count: await q().count(as(ann)),
    startsWithUsername: await labels(new Parse.Query(Parse.User).startsWith('username', `${tag}_b`)),
    dotSeesHerself: await labels(q(), as(dot)),
  };

  // Email is protected: others' is not returned; one's own is; querying on it is refused or not.
  const viewOf = async (viewer, target) => {
    const found = await new Parse.Query(Parse.User).get(target.id, viewer);
    return { hasEmail: found.has('email'), hasSessionToken: found.getSessionToken() !== undefined, keys: Object.keys(found.attributes).sort() };
  };
  seen.privacy = {
    annSeesBen: await viewOf(as(ann), ben),
    annSeesHerself: await viewOf(as(ann), ann),
    masterSeesBen: await viewOf(master, ben),
    annGetsDot: await outcome(new Parse.Query(Parse.User).get(dot.id, as(ann))),
    byOthersEmail: await labels(new Parse.Query(Parse.User).equalTo('email', `ben.${tag}@example.com`)),
    byOwnEmail: await labels(new Parse.Query(Parse.User).equalTo('email', `ann.${tag}@example.com`)),
    byEmailAnonymous: await labels(new Parse.Query(Parse.User).equalTo('email', `ben.${tag}@example.com`), {}),
    byEmailMaster: await labels(new Parse.Query(Parse.User).equalTo('email', `ben.${tag}@example.com`), master),
    emailExists: await labels(q().exists('email')),
    sortByEmail: await outcome(q().ascending('email').find(as(ann))),
  };

  // include of pointers to _User: a public Post per author.
  await new Parse.Object('Post').save({ title: 'seed' }, master).then((o) => o.destroy(master));
  for (const [title, author] of [['by ann', ann], ['by ben', ben], ['by dot', dot]]) await new Parse.Object('Post').save({ title, author, tag }, as(author));
  const posts = async (options) => (await new Parse.Query('Post').equalTo('tag', tag).include('author').ascending('title').find(options)).map((p) => {
    const author = p.get('author');
    return {
      title: p.get('title'),
      author: author === undefined ? '<absent>' : author.isDataAvailable() ? author.get('label') : '<pointer>',
      authorEmail: author && author.isDataAvailable() ? author.has('email') : false,
      authorIsUser: author instanceof Parse.User,
    };
  });
  seen.include = { ann: await posts(as(ann)), dot: await posts(as(dot)), master: await posts(master) };
  seen.matchesQueryOnUsers = (await new Parse.Query('Post').equalTo('tag', tag).matchesQuery('author', new Parse.Query(Parse.User).equalTo('city', 'Rome')).ascending('title').find(as(ann))).map((p) => p.get('title'));
  return seen;
});
