/** `sloforge generate | validate`: exit 0 ok, 1 invalid config or stale output, 2 usage error. */
import yargs from 'yargs';
import { ConfigError } from '../config/diagnostics.ts';
import { check, generate, load } from '../generate.ts';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const DEFAULT_CONFIG = 'slo.config.ts';
const DEFAULT_OUT = 'generated';

export async function main(args: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  let exitCode: number = EXIT.ok;
  let usageError: string | undefined;
  const run = (action: () => Promise<number>) => async () => {
    exitCode = await action().catch((error: unknown) => {
      if (error instanceof ConfigError) {
        err.write(`${error.message}\nNothing was written.\n`);
        return EXIT.invalid;
      }
      throw error;
    });
  };
  const cli = yargs([...args])
    .scriptName('sloforge')
    .usage('$0 <command> [options]')
    .option('config', { type: 'string', default: DEFAULT_CONFIG, describe: 'SLO config: .ts, .mts, .js, .mjs, .json, .yaml or .yml' })
    .command(
      'generate',
      'compile the config into the output directory',
      (y) =>
        y
          .option('out', { type: 'string', default: DEFAULT_OUT, describe: 'output directory' })
          .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 if the output is not current' }),
      (argv) =>
        run(async () => {
          const options = { config: argv.config, out: argv.out };
          if (argv.check) {
            const problems = await check(options);
            if (problems.length === 0) {
              out.write(`${argv.out}/ is current with ${argv.config}\n`);
              return EXIT.ok;
            }
            err.write(`${argv.out}/ is not current with ${argv.config}; run \`sloforge generate\`:\n${problems.map((p) => `  ${p}\n`).join('')}`);
            return EXIT.invalid;
          }
          const files = await generate(options);
          out.write(`wrote ${files.length} files to ${argv.out}/\n`);
          return EXIT.ok;
        })(),
    )
    .command(
      'validate',
      'check the config and report every problem',
      (y) => y,
      (argv) =>
        run(async () => {
          const model = await load(argv.config);
          const slos = model.services.reduce((n, s) => n + s.slos.length, 0);
          out.write(`${argv.config} is valid: ${model.services.length} services, ${slos} SLOs\n`);
          return EXIT.ok;
        })(),
    )
    .demandCommand(1, 'name a command: generate or validate')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      usageError = message;
    });
  await cli.parseAsync();
  if (usageError !== undefined) {
    err.write(`${usageError}\n\n${await cli.getHelp()}\n`);
    return EXIT.usage;
  }
  return exitCode;
}
