// Test helpers of @reco/object-store (`@reco/object-store/testing`), for specs of libs that store objects.
export { startS3TestServer, type S3TestServer } from './s3-test-server';
