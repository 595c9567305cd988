// s3rver in a process of its own, started by s3-server.ts with --openssl-legacy-provider: s3rver
// makes its listing continuation tokens with DES, which Node 20's OpenSSL 3 only has in its legacy
// provider, so without it any listing of more than 1,000 objects fails with InternalError.
// Argument: a JSON object { directory, buckets }. Prints the port, serves until killed.
import S3rver from "s3rver";

const { directory, buckets } = JSON.parse(process.argv[2]);
const server = new S3rver({
  port: 0,
  address: "127.0.0.1",
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const address = await server.run();
console.log(String(address.port));
process.on("SIGTERM", () => server.close().then(() => process.exit(0)));
