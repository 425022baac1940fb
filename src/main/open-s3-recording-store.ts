import { recordingUploadRepository } from '../adapters/db/repositories/recording-upload.repository.js';
import type { KyselyStore } from '../adapters/db/kysely-store.js';
import { LocalRecordingStore } from '../adapters/recordings/local-recording-store.js';
import { S3RecordingStore } from '../adapters/recordings/s3-recording-store.js';
import type { RecordingStorageConfig } from '../config/recording-storage-config.js';

/**
 * Recordings in object storage (JAGA_RECORDINGS_URL=s3://…): the bucket through the minio client
 * (its own retries off: the store retries and then fails closed), this node's spool under the data
 * directory, and the upload log in the installation's database.
 */
export function openS3RecordingStore(c: Extract<RecordingStorageConfig, { kind: 's3' }>, store: KyselyStore, nodeId: string, now: () => string,
  opts: { tailIntervalMs?: number } = {}): S3RecordingStore {
  const client = async () => new (await import('minio')).Client({
    endPoint: c.endpoint.host, port: c.endpoint.port, useSSL: c.endpoint.useSSL, region: c.region, pathStyle: true,
    accessKey: c.accessKeyId, secretKey: c.secretAccessKey, retryOptions: { disableRetry: true },
  });
  return new S3RecordingStore({
    client, bucket: c.bucket, prefix: c.prefix, spool: new LocalRecordingStore(c.spoolDir), uploads: recordingUploadRepository(store.db), nodeId, now, ...opts,
  });
}
