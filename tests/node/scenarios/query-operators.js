'use strict';
// Every query operator of the official SDK on one small data set, as a client sees it: for each query,
// the names it found (ordered by name, so sets compare exactly), or the refusal it got.
// node query-operators.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, unique, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();
  const user = await Parse.User.signUp(unique('queries'), 'secret', {});
  const asUser = { sessionToken: user.getSessionToken() };

  // The classes are made with the master key (their first object); clients write the rest.
  const lions = await new Parse.Object('Team').save({ name: 'Lions', captain: 'Ann' }, { useMasterKey: true });
  const tigers = await new Parse.Object('Team').save({ name: 'Tigers', captain: 'Dee' }, asUser);
  const day = (d) => new Date(`2024-01-${String(d).padStart(2, '0')}T00:00:00.000Z`);
  const rows = [
    { name: 'Ann', score: 10, tags: ['red', 'blue'], stats: { wins: 3, city: 'Oslo' }, team: lions, active: true, nick: 'annie', joined: day(1), bio: 'first line\nsecond line' },
    { name: 'Bob', score: 20, tags: ['blue'], stats: { wins: 1, city: 'Rome' }, team: tigers, active: false, joined: day(2), bio: 'second to none' },
    { name: 'Cid', score: 30, tags: ['red', 'green', 'blue'], stats: { wins: 3, city: 'oslo' }, team: lions, active: true, nick: 'Cidney', joined: day(3), bio: 'one line' },
    { name: 'Dee', score: 40, tags: [], stats: { wins: 0 }, team: tigers, active: true, joined: day(4), bio: 'a.b*c' },
    { name: 'Eve', score: 50, tags: ['green'], stats: { wins: 5, city: 'Paris' }, active: false, nick: 'evil', joined: day(5), bio: 'Second Line' },
    { name: 'Fay', score: 25.5, tags: ['red'], stats: { wins: 2, city: 'Rome' }, team: lions, active: true, joined: day(6), bio: "it's" },
  ];
  for (const [i, row] of rows.entries()) await new Parse.Object('Player').save(row, i === 0 ? { useMasterKey: true } : asUser);

  const names = async (query) => {
    try {
      const found = await query.ascending('name').find(asUser);
      return found.map((p) => p.get('name'));
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };
  const q = () => new Parse.Query('Player');
  const lionsQuery = () => new Parse.Query('Team').equalTo('name', 'Lions');

  const seen = {
    all: await names(q()),
    equalTo: await names(q().equalTo('score', 20)),
    equalToString: await names(q().equalTo('name', 'Ann')),
    equalToBoolean: await names(q().equalTo('active', false)),
    equalToDate: await names(q().equalTo('joined', day(3))),
    notEqualTo: await names(q().notEqualTo('score', 20)),
    notEqualToPointer: await names(q().notEqualTo('team', lions)),
    lessThan: await names(q().lessThan('score', 25.5)),
    lessThanOrEqualTo: await names(q().lessThanOrEqualTo('score', 25.5)),
    greaterThan: await names(q().greaterThan('score', 40)),
    greaterThanOrEqualTo: await names(q().greaterThanOrEqualTo('score', 40)),
    betweenDates: await names(q().greaterThan('joined', day(2)).lessThanOrEqualTo('joined', day(4))),
    containedIn: await names(q().containedIn('name', ['Ann', 'Eve', 'Zed'])),
    notContainedIn: await names(q().notContainedIn('name', ['Ann', 'Eve'])),
    containedInOnArray: await names(q().containedIn('tags', ['green', 'black'])),
    notContainedInMissingField: await names(q().notContainedIn('nick', ['annie'])),
    containedInPointers: await names(q().containedIn('team', [tigers, { __type: 'Pointer', className: 'Team', objectId: 'nosuchteam' }])),
    notContainedInOnArray: await names(q().notContainedIn('tags', ['red'])),
    containsAll: await names(q().containsAll('tags', ['red', 'blue'])),
    containedBy: await names(q().containedBy('tags', ['red', 'blue'])),
    equalToOnArray: await names(q().equalTo('tags', 'red')),
    exists: await names(q().exists('nick')),
    doesNotExist: await names(q().doesNotExist('nick')),
    doesNotExistPointer: await names(q().doesNotExist('team')),
    pointerEquality: await names(q().equalTo('team', lions)),
    pointerEqualityById: await names(q().equalTo('team', { __type: 'Pointer', className: 'Team', objectId: tigers.id })),
    matches: await names(q().matches('name', 'A.n')),
    matchesCaseSensitive: await names(q().matches('name', '^a')),
    matchesI: await names(q().matches('name', '^a', 'i')),
    matchesM: await names(q().matches('bio', '^second', 'm')),
    matchesWithoutM: await names(q().matches('bio', '^second')),
    matchesX: await names(q().matches('name', 'A n  n # a comment', 'x')),
    matchesIX: await names(q().matches('bio', 's e c', 'ix')),
    startsWith: await names(q().startsWith('name', 'A')),
    startsWithIsLiteral: await names(q().startsWith('bio', 'a.b*')),
    endsWith: await names(q().endsWith('name', 'e')),
    endsWithQuote: await names(q().endsWith('bio', "'s")),
    containsString: await names(q().contains('bio', 'line')),
    or: await names(Parse.Query.or(q().equalTo('name', 'Ann'), q().greaterThan('score', 40))),
    and: await names(Parse.Query.and(q().equalTo('active', true), q().greaterThan('score', 20))),
    nor: await names(Parse.Query.nor(q().equalTo('active', true), q().equalTo('name', 'Bob'))),
    orWithOtherConstraint: await names(Parse.Query.or(q().equalTo('name', 'Ann'), q().equalTo('name', 'Bob')).equalTo('active', true)),
    dotEqualTo: await names(q().equalTo('stats.wins', 3)),
    dotEqualToString: await names(q().equalTo('stats.city', 'Rome')),
    dotGreaterThan: await names(q().greaterThan('stats.wins', 2)),
    dotExists: await names(q().exists('stats.city')),
    dotDoesNotExist: await names(q().doesNotExist('stats.city')),
    dotContainedIn: await names(q().containedIn('stats.wins', [3, 5])),
    matchesQuery: await names(q().matchesQuery('team', lionsQuery())),
    doesNotMatchQuery: await names(q().doesNotMatchQuery('team', lionsQuery())),
    matchesKeyInQuery: await names(q().matchesKeyInQuery('name', 'captain', new Parse.Query('Team'))),
    doesNotMatchKeyInQuery: await names(q().doesNotMatchKeyInQuery('name', 'captain', new Parse.Query('Team'))),
    unknownField: await names(q().equalTo('neverSeen', 1)),
    typeMismatch: await names(q().equalTo('score', '20')),
    fullText: await names(q().fullText('bio', 'second')),
  };

  // Geo: a GeoPoint field, then near().
  await new Parse.Object('Player').save({ name: 'Geo', home: new Parse.GeoPoint(59.91, 10.75) }, asUser);
  seen.near = await names(q().near('home', new Parse.GeoPoint(59.9, 10.7)));
  seen.withinKilometers = await names(q().withinKilometers('home', new Parse.GeoPoint(59.9, 10.7), 10));

  // What only REST shows: bad parameters and operators.
  const where = (w) => `classes/Player?where=${encodeURIComponent(JSON.stringify(w))}`;
  const answers = {
    unknownParameter: await rest('GET', 'classes/Player?foo=1', asUserRest(user)),
    whereNotJson: await rest('GET', 'classes/Player?where=nope', asUserRest(user)),
    unknownOperator: await rest('GET', where({ score: { $foo: 1 } }), asUserRest(user)),
    sizeOperator: await rest('GET', where({ tags: { $size: 1 } }), asUserRest(user)),
    equalToWholeArray: await rest('GET', where({ tags: ['red', 'blue'] }), asUserRest(user)),
    equalToOnArray: await rest('GET', where({ tags: 'red' }), asUserRest(user)),
    nearSphere: await rest('GET', where({ home: { $nearSphere: { __type: 'GeoPoint', latitude: 59.9, longitude: 10.7 } } }), asUserRest(user)),
    badOperatorValue: await rest('GET', where({ score: { $in: 5 } }), asUserRest(user)),
    badFieldName: await rest('GET', where({ 'bad-name': 1 }), asUserRest(user)),
    topLevelUnknownOperator: await rest('GET', where({ $foo: [] }), asUserRest(user)),
    regexOptionUnknown: await rest('GET', where({ name: { $regex: 'A', $options: 'q' } }), asUserRest(user)),
  };
  // An answer with results is reduced to its status and the names found.
  seen.rest = Object.fromEntries(Object.entries(answers).map(([key, answer]) => [key, answer.body && answer.body.results
    ? { status: answer.status, names: answer.body.results.map((p) => p.name).sort() }
    : answer]));
  return seen;
});

function asUserRest(user) {
  return { sessionToken: user.getSessionToken() };
}
