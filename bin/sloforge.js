#!/usr/bin/env node
// The CLI and the user's slo.config.ts are TypeScript; tsx compiles them on load,
// so neither this package nor its users need a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
