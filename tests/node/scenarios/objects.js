'use strict';
// Parse objects as the official SDK saves, fetches, updates and destroys them: every field type
// round-trips, createdAt/updatedAt and objectId have Parse's shapes, and bad writes are refused
// with Parse's codes. node objects.js <serverURL> <appId> <masterKey>; prints one JSON object.
const { connect, outcome, pointerTo, redact, unique, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();

  // As an app does, the class is made with the master key; clients then write to it.
  await new Parse.Object('GameScore').save({ playerName: 'seed' }, { useMasterKey: true });
  await new Parse.Object('Team').save({ name: 'seed' }, { useMasterKey: true });
  const newClass = await outcome(new Parse.Object('Unplanned').save({ a: 1 }));
  const newClassRest = await rest('POST', 'classes/Unplanned', { body: { a: 1 } });

  const user = await Parse.User.signUp(unique('objects'), 'secret', {});
  const token = user.getSessionToken();
  const team = await new Parse.Object('Team').save({ name: 'Lions' }, { sessionToken: token });

  const when = new Date('2024-02-29T12:34:56.789Z');
  const score = new Parse.Object('GameScore');
  score.set({
    playerName: 'Sean Plott',
    score: 1337,
    ratio: 0.25,
    cheatMode: false,
    playedAt: when,
    stats: { wins: 3, losses: [1, 2], last: { opponent: 'Ann' } },
    tags: ['a', 2, true, { k: 'v' }, null],
    team,
    owner: user,
    avatar: { __type: 'Bytes', base64: 'aGVsbG8=' },
    nothing: null,
  });
  await score.save(null, { sessionToken: token });
  const afterCreate = { createdAt: score.createdAt.toISOString(), updatedAt: score.updatedAt.toISOString() };

  const names = { [score.id]: '<score>', [team.id]: '<team>', [user.id]: '<user>' };

  const fetched = await new Parse.Query('GameScore').get(score.id, { sessionToken: token });
  const wire = await rest('GET', `classes/GameScore/${score.id}`, { sessionToken: token });
  const fields = (json) => {
    const copy = { ...json };
    delete copy.objectId; delete copy.createdAt; delete copy.updatedAt;
    return redact(copy, names);
  };

  // The SDK's view of each type after a fetch.
  const sdkTypes = {
    playedAtIsDate: fetched.get('playedAt') instanceof Date,
    playedAt: fetched.get('playedAt').toISOString(),
    teamIsObject: fetched.get('team') instanceof Parse.Object,
    teamClass: fetched.get('team').className,
    ownerIsUser: fetched.get('owner') instanceof Parse.User,
    scoreIsInteger: Number.isInteger(fetched.get('score')),
    hasNothing: fetched.has('nothing'),
    nothing: fetched.get('nothing') === undefined ? 'undefined' : fetched.get('nothing'),
  };

  // The types the server inferred from the first writes (a null adds no field).
  const schema = await rest('GET', 'schemas/GameScore', { master: true });
  const defaultClps = schema.body.classLevelPermissions;
  const inferred = Object.fromEntries(Object.entries(schema.body.fields).map(([k, v]) => [k, v.targetClass ? `${v.type}<${v.targetClass}>` : v.type]));

  // Later writes: an update moves updatedAt, and the answer to a PUT is { updatedAt }.
  await new Promise((resolve) => setTimeout(resolve, 20));
  score.set('score', 1338);
  await score.save(null, { sessionToken: token });
  const afterUpdate = await new Parse.Query('GameScore').get(score.id, { sessionToken: token });
  const putWire = await rest('PUT', `classes/GameScore/${score.id}`, { sessionToken: token, body: { cheatMode: true } });

  // A field written with another type, and bad field names.
  const wrongType = await outcome(new Parse.Object('GameScore').save({ score: 'many' }, { sessionToken: token }));
  const wrongTypeOnUpdate = await outcome(score.save({ cheatMode: 'yes' }, { sessionToken: token }));
  const badName = await rest('POST', 'classes/GameScore', { sessionToken: token, body: { 'bad-name': 1 } });
  const underscoreName = await rest('POST', 'classes/GameScore', { sessionToken: token, body: { _secret: 1 } });
  const dollarName = await rest('POST', 'classes/GameScore', { sessionToken: token, body: { $where: 1 } });
  const clientObjectId = await rest('POST', 'classes/GameScore', { sessionToken: token, body: { objectId: 'abcdefghij' } });

  // unset sends { __op: "Delete" }; the field is gone afterwards.
  const unsetting = pointerTo(Parse, 'GameScore', score.id);
  unsetting.unset('stats');
  await unsetting.save(null, { sessionToken: token });
  const afterUnset = await new Parse.Query('GameScore').get(score.id, { sessionToken: token });

  // The raw create and destroy answers, then a destroyed object is not found.
  const created = await rest('POST', 'classes/GameScore', { sessionToken: token, body: { playerName: 'raw' } });
  const deleted = await rest('DELETE', `classes/GameScore/${created.body.objectId}`, { sessionToken: token });
  await score.destroy({ sessionToken: token });
  const getDestroyed = await outcome(new Parse.Query('GameScore').get(score.id, { sessionToken: token }));
  const getDestroyedWire = await rest('GET', `classes/GameScore/${score.id}`, { sessionToken: token });
  const fetchDestroyed = await outcome(pointerTo(Parse, 'GameScore', score.id).fetch({ sessionToken: token }));
  const destroyAgain = await outcome(pointerTo(Parse, 'GameScore', score.id).destroy({ sessionToken: token }));
  const updateDestroyed = await outcome(pointerTo(Parse, 'GameScore', score.id).save({ score: 1 }, { sessionToken: token }));

  return {
    newClass,
    newClassRest,
    objectIdShape: /^[A-Za-z0-9]{10}$/.test(score.id) && /^[A-Za-z0-9]{10}$/.test(team.id),
    afterCreate: { sameStamps: afterCreate.createdAt === afterCreate.updatedAt },
    fetchedFields: fields(fetched.toJSON()),
    wireFields: fields(wire.body),
    wireStamps: {
      createdAt: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(wire.body.createdAt),
      updatedAt: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(wire.body.updatedAt),
      createdAtMatchesSave: wire.body.createdAt === afterCreate.createdAt,
      wireKeys: Object.keys(wire.body).sort(),
    },
    sdkTypes,
    inferred,
    defaultClps,
    afterUpdate: {
      score: afterUpdate.get('score'),
      updatedAtMoved: afterUpdate.updatedAt > afterUpdate.createdAt,
      createdAtKept: afterUpdate.createdAt.toISOString() === afterCreate.createdAt,
    },
    putWire: { status: putWire.status, keys: Object.keys(putWire.body).sort() },
    wrongType,
    wrongTypeOnUpdate,
    badName,
    underscoreName,
    dollarName,
    clientObjectId,
    afterUnset: { hasStats: afterUnset.has('stats'), keys: Object.keys(afterUnset.attributes).sort() },
    created: { status: created.status, keys: Object.keys(created.body).sort() },
    deleted,
    getDestroyed,
    getDestroyedWire,
    fetchDestroyed,
    destroyAgain,
    updateDestroyed,
  };
});
