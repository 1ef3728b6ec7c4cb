#!/usr/bin/env node
// sloforge runs compiled and bundled: dist/ is built by `npm run build` (and on `npm install`
// from git, and `npm pack`).
import { setFlagsFromString } from 'node:v8';

// V8 lets the old generation grow to about 4x what survived the last full collection before
// it collects again; a large generate keeps ~60 MB alive per 10,000 SLOs and discards
// hundreds of MB, so peak memory was 4x the live set. 1.5x keeps it at 246 MiB for 10,000
// SLOs instead of 358 MiB, for a few more full collections (tens of ms each).
setFlagsFromString('--heap-growing-percent=50');

let cli;
try {
  cli = await import('../dist/cli-bundle/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli-bundle/main.js')) throw error;
  process.stderr.write('sloforge is not built: dist/cli-bundle/main.js is missing. In a clone of sloforge, run `npm install` (or `npm run build`).\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
