'use strict';
// Jobs as the official SDK starts and reads them: Parse.Cloud.startJob (POST jobs/{name}, the status id
// from X-Parse-Job-Status-Id), Parse.Cloud.getJobStatus (a _JobStatus get with the master key) until
// the run ends, an unknown job, and the refusals a client without the master key meets over REST.
// node jobs.js <serverURL> <appId> <masterKey>; prints one JSON object. The server must define the
// jobs of tests/PhoneAuth.SampleCloudCode/JobsModule.cs.
const { connect, outcome, run } = require('./support');

run(async () => {
  const { Parse, rest } = connect();
  const jobStatusId = await Parse.Cloud.startJob('jobCount', { n: 2, stepMs: 100 });
  let status = await Parse.Cloud.getJobStatus(jobStatusId);
  const deadline = Date.now() + 30000;
  while (status.get('status') === 'running' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = await Parse.Cloud.getJobStatus(jobStatusId);
  }
  const byQuery = await new Parse.Query('_JobStatus').equalTo('jobName', 'jobCount').find({ useMasterKey: true });
  return {
    jobStatusId,
    status: status.get('status'),
    message: status.get('message'),
    jobName: status.get('jobName'),
    source: status.get('source'),
    params: status.get('params'),
    finishedAtIsDate: status.get('finishedAt') instanceof Date,
    foundByQuery: byQuery.map((s) => s.id).includes(jobStatusId),
    unknown: await outcome(Parse.Cloud.startJob('noSuchJob', {})),
    clientStart: await rest('POST', 'jobs/jobCount', { body: {} }),
    clientFind: await rest('GET', 'classes/_JobStatus'),
  };
});
