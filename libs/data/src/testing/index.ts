// Test helpers of @reco/data (`@reco/data/testing`), for the specs of libs that read the database.
export { describeEachBackend, describePostgres, MALFORMED_CSV, useImportedSample, useMigratedDatabase, PG_ADMIN_URL, SAMPLE_CSV, type Backend, type TestDatabase } from './test-databases';
export { openSampleDatabase, sampleDatabaseCopy, type SampleDatabase } from './sample-database';
