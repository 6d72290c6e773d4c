/** The S3-compatible fake lives with the sandbox, which serves it to S3 exports; tests use the same one. */
export * from '../../src/sandbox/s3-fake.js';
