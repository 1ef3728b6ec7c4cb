#!/usr/bin/env node
// sloforge runs compiled and bundled: dist/ is built by `npm run build` (and on `npm install`
// from git, and `npm pack`). tsx loads only the user's TypeScript config.
let cli;
try {
  cli = await import('../dist/cli-bundle/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli-bundle/main.js')) throw error;
  process.stderr.write('sloforge is not built: dist/cli-bundle/main.js is missing. In a clone of sloforge, run `npm install` (or `npm run build`).\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
