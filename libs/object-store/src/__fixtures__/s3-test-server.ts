import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export interface S3TestServer {
  endpoint: string;
  /** What @aws-sdk/client-s3 needs to talk to it (s3rver's fixed credentials). */
  clientOptions: { endpoint: string; region: string; forcePathStyle: true; accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

/** A real S3-compatible server (s3rver) in this process, on 127.0.0.1 and a free port, in a temp folder. */
export async function startS3TestServer(): Promise<S3TestServer> {
  const directory = mkdtempSync(path.join(tmpdir(), 'reco-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    clientOptions: { endpoint, region: 'us-east-1', forcePathStyle: true, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
