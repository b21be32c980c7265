'use strict';
// How the official SDK shapes a query's answer: order (several keys, createdAt, updatedAt, objectId,
// missing values), limit (default 100), skip, count, select (keys), exclude, include (nested paths,
// several, '*'). node query-shaping.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, unique, run } = require('./support');

const pause = () => new Promise((resolve) => setTimeout(resolve, 25));

run(async () => {
  const { Parse, rest } = connect();
  const user = await Parse.User.signUp(unique('shaping'), 'secret', {});
  const token = user.getSessionToken();
  const asUser = { sessionToken: token };

  // Pointer chain Match.home -> Team.league -> League.country -> Country, each class made by the master key.
  const norway = await new Parse.Object('Country').save({ name: 'Norway' }, { useMasterKey: true });
  const league = await new Parse.Object('League').save({ name: 'Eliteserien', country: norway }, { useMasterKey: true });
  const lions = await new Parse.Object('Team').save({ name: 'Lions', league }, { useMasterKey: true });
  const tigers = await new Parse.Object('Team').save({ name: 'Tigers', league }, asUser);
  const ref = await new Parse.Object('Person').save({ name: 'Ref' }, { useMasterKey: true });
  const goneRef = await new Parse.Object('Person').save({ name: 'Gone' }, asUser);

  // Five matches, created in order (a pause between, so createdAt differs).
  const specs = [
    { title: 'm1', rank: 3, group: 'b', optional: 'x', stats: { wins: 2 } },
    { title: 'm2', rank: 1, group: 'a', stats: { wins: 9 } },
    { title: 'm3', rank: 5, group: 'b', optional: 'a', stats: { wins: 1 } },
    { title: 'm4', rank: 2, group: 'a', stats: { wins: 5 } },
    { title: 'm5', rank: 4, group: 'b', optional: 'm', stats: { wins: 7 } },
  ];
  const matches = [];
  for (const [i, spec] of specs.entries()) {
    const m = new Parse.Object('Match');
    m.set({ ...spec, score: i * 10, home: lions, away: tigers, referee: i === 4 ? goneRef : ref });
    await m.save(null, i === 0 ? { useMasterKey: true } : asUser);
    matches.push(m);
    await pause();
  }
  // Later updates to m2 then m4, so updatedAt differs from createdAt order.
  await matches[1].save({ score: 11 }, asUser);
  await pause();
  await matches[3].save({ score: 31 }, asUser);
  await goneRef.destroy(asUser);

  const titles = async (query) => {
    try {
      return (await query.find(asUser)).map((m) => m.get('title'));
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };
  const q = () => new Parse.Query('Match');
  const ids = matches.map((m) => m.id);
  const titleById = Object.fromEntries(matches.map((m) => [m.id, m.get('title')]));

  const order = {
    rankAscending: await titles(q().ascending('rank')),
    rankDescending: await titles(q().descending('rank')),
    groupThenRankDescending: await titles(q().ascending('group').addDescending('rank')),
    groupDescendingThenRank: await titles(q().descending('group').addAscending('rank')),
    severalDescending: await titles(q().descending(['group', 'rank'])),
    createdAtAscending: await titles(q().ascending('createdAt')),
    createdAtDescending: await titles(q().descending('createdAt')),
    updatedAtDescending: await titles(q().descending('updatedAt')),
    objectIdAscending: (await titles(q().ascending('objectId'))),
    objectIdAscendingExpected: [...ids].sort().map((id) => titleById[id]),
    objectIdDescending: (await titles(q().descending('objectId'))),
    missingValuesAscending: await titles(q().ascending('optional').addAscending('rank')),
    missingValuesDescending: await titles(q().descending('optional').addAscending('rank')),
    dotPathAscending: await titles(q().ascending('stats.wins')),
    unknownField: await titles(q().ascending('neverSeen').addAscending('rank')),
    byRest: await rest('GET', `classes/Match?order=${encodeURIComponent('-group,rank')}&keys=title`, { sessionToken: token }),
  };
  order.byRest = order.byRest.body.results ? order.byRest.body.results.map((m) => m.title) : order.byRest;

  // select (keys) and exclude (excludeKeys): the keys each result carries.
  const keysOf = async (query) => {
    try {
      const found = await query.ascending('rank').first(asUser);
      return Object.keys(found.attributes).sort();
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };
  const select = {
    one: await keysOf(q().select('title')),
    two: await keysOf(q().select('title', 'home')),
    unknown: await keysOf(q().select('title', 'neverSeen')),
    dotPath: await keysOf(q().select('stats.wins')),
    exclude: await keysOf(q().exclude('score', 'stats')),
    selectAndExclude: await keysOf(q().select('title', 'score').exclude('score')),
    wire: await rest('GET', 'classes/Match?keys=title&limit=1&order=rank', { sessionToken: token }),
  };
  select.wire = { status: select.wire.status, keys: Object.keys(select.wire.body.results[0]).sort() };
  const dotSelected = await q().select('stats.wins').ascending('rank').first(asUser);
  select.dotPathValue = dotSelected.get('stats');

  // include: nested paths, several, '*', a missing target, a non-pointer.
  const first = (query) => query.ascending('rank').first(asUser);
  const loaded = (o) => (o && o.isDataAvailable() ? o.get('name') : null);
  const plain = await first(q());
  const home = await first(q().include('home'));
  const chain = await first(q().include('home.league.country'));
  const several = await first(q().include(['home', 'away']));
  const all = await first(q().include('*'));
  const missing = await q().include('referee').equalTo('title', 'm5').first(asUser);
  const nonPointer = await outcome(first(q().include('title')));
  const include = {
    withoutInclude: loaded(plain.get('home')),
    home: loaded(home.get('home')),
    homeLeagueNotIncluded: loaded(home.get('home').get('league')),
    chainHome: loaded(chain.get('home')),
    chainLeague: loaded(chain.get('home').get('league')),
    chainCountry: loaded(chain.get('home').get('league').get('country')),
    severalHome: loaded(several.get('home')),
    severalAway: loaded(several.get('away')),
    severalReferee: loaded(several.get('referee')),
    allHome: loaded(all.get('home')),
    allAway: loaded(all.get('away')),
    allReferee: loaded(all.get('referee')),
    allLeague: loaded(all.get('home').get('league')),
    missingTarget: {
      kept: missing.get('referee') !== undefined,
      className: missing.get('referee') && missing.get('referee').className,
      isPointerToGone: missing.get('referee') && missing.get('referee').id === goneRef.id,
      loaded: loaded(missing.get('referee')),
    },
    nonPointer,
    wire: (await rest('GET', `classes/Match?include=home&keys=home&limit=1&order=rank`, { sessionToken: token })).body.results[0].home,
  };
  include.wire = { ...include.wire, objectId: include.wire.objectId === lions.id ? '<lions>' : include.wire.objectId, league: include.wire.league && { ...include.wire.league, objectId: '<league>' } };
  delete include.wire.createdAt; delete include.wire.updatedAt;

  // limit, skip, count on 105 objects.
  await new Parse.Object('Item').save({ n: 0 }, { useMasterKey: true });
  for (let start = 1; start < 105; start += 13) {
    await Promise.all(Array.from({ length: Math.min(13, 105 - start) }, (_, k) => new Parse.Object('Item').save({ n: start + k }, asUser)));
  }
  const numbers = async (query) => {
    try {
      return (await query.find(asUser)).map((o) => o.get('n'));
    } catch (error) {
      return { code: error.code, message: error.message };
    }
  };
  const items_ = () => new Parse.Query('Item');
  const paging = {
    defaultLimit: (await numbers(items_())).length,
    limit1000: (await numbers(items_().limit(1000))).length,
    limit3: await numbers(items_().ascending('n').limit(3)),
    skipLimit: await numbers(items_().ascending('n').skip(101).limit(3)),
    skipPastEnd: await numbers(items_().ascending('n').skip(200)),
    limit0: await numbers(items_().limit(0)),
    count: await items_().count(asUser),
    countWhere: await items_().greaterThanOrEqualTo('n', 100).count(asUser),
    countMaster: await items_().count({ useMasterKey: true }),
    countMasterWhere: await items_().greaterThanOrEqualTo('n', 0).count({ useMasterKey: true }),
    withCount: await (async () => {
      const answer = await items_().ascending('n').limit(2).withCount().find(asUser);
      return { count: answer.count, results: answer.results.map((o) => o.get('n')) };
    })(),
    countWire: await rest('GET', `classes/Item?count=1&limit=0&where=${encodeURIComponent(JSON.stringify({ n: { $lt: 7 } }))}`, { sessionToken: token }),
    negativeLimit: await rest('GET', 'classes/Item?limit=-1', { sessionToken: token }),
    negativeSkip: await rest('GET', 'classes/Item?skip=-1', { sessionToken: token }),
    textLimit: await rest('GET', 'classes/Item?limit=abc', { sessionToken: token }),
  };
  for (const key of ['negativeLimit', 'negativeSkip', 'textLimit']) {
    const answer = paging[key];
    paging[key] = answer.body.results ? { status: answer.status, results: answer.body.results.length } : answer;
  }
  return { order, select, include, paging };
});
