/** `sloforge generate | validate | diff | stack | check | report | backtest | drill | init | import`: exit 0 ok, 1 invalid config or stale output, 2 usage error. */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import yargs from 'yargs';
import { ConfigError } from '../config/diagnostics.ts';
import { serverFlags, withServerOptions } from './server-flags.ts';
import { parseDuration } from '../model/duration.ts';

// Each command loads its modules when it runs: a start reads only what the command needs.
const library = () => import('../generate.ts');

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

const DEFAULT_OUT = 'generated';

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function main(args: readonly string[], out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  // Handlers only choose the action; it runs after yargs has checked every argument.
  let action: (() => Promise<number>) | undefined;
  let usageError: string | undefined;
  const cli = yargs([...args])
    .scriptName('sloforge')
    .usage('$0 <command> [options]')
    .option('config', { type: 'string', describe: 'SLO config: .ts, .mts, .js, .mjs, .json, .yaml or .yml [default: slo.config.* here or in the nearest parent]' })
    .command(
      'generate',
      'compile the config into the output directory',
      (y) =>
        y
          .option('out', { type: 'string', describe: `output directory [default: ${DEFAULT_OUT}/ beside a config found by the search]` })
          .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 if the output is not current' })
          .option('force', { type: 'boolean', default: false, describe: 'replace files at generated paths that sloforge did not write' }),
      (argv) => {
        action = async () => {
          const paths = await locate(argv.config, argv.out);
          return argv.check ? checkOutput(paths, out, err) : writeOutput(paths, argv.force, out);
        };
      },
    )
    .command(
      'validate',
      'check the config and report every problem',
      (y) => y,
      (argv) => {
        action = async () => validate((await locate(argv.config, undefined)).config, out);
      },
    )
    .command(
      'diff',
      'what the change to the config does to alerting, against the committed generated tree',
      (y) =>
        y
          .option('out', { type: 'string', describe: `the committed generated directory [default: ${DEFAULT_OUT}/ as for generate]` })
          .option('base', { type: 'string', default: 'HEAD', describe: 'git revision of the committed tree' })
          .option('old', { type: 'string', describe: 'compare this directory instead of the committed tree' })
          .option('new', { type: 'string', describe: 'compare this directory instead of a fresh generation' })
          .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const })
          .option('fail-on', { choices: ['less-sensitive'] as const, describe: 'exit 1 when any alert became less sensitive or was removed' })
          .option('prometheus', { type: 'string', describe: 'also backtest the old and the new alerts on this server\'s history' })
          .option('range', { type: 'string', default: '30d', describe: 'with --prometheus: how far back the backtest reads (a duration)' })
          .option('timeout', { type: 'string', default: '2m', describe: 'with --prometheus: per request (a duration)' })
          .option('bearer-token-file', { type: 'string', describe: 'file holding a bearer token for the server' })
          .option('basic-auth-file', { type: 'string', describe: 'file holding user:password for the server' }),
      (argv) => {
        const server = argv.prometheus === undefined ? undefined : serverFlags({ ...argv, prometheus: argv.prometheus });
        if (typeof server === 'string') usageError = server;
        else if (server !== undefined && parseDuration(argv.range) === undefined) usageError = `--range must be a duration such as 7d or 30d, got "${argv.range}"`;
        if (usageError !== undefined) return;
        const backtest = typeof server === 'object' ? { server, range: argv.range } : undefined;
        action = async () => {
          // With --new nothing is generated, so no config is needed to find.
          const { config, out: outDir } = argv.new === undefined || argv.config !== undefined ? await locate(argv.config, argv.out) : { config: '', out: argv.out ?? DEFAULT_OUT };
          return (await import('./diff.ts')).runDiff({ config, out: outDir, base: argv.base, old: argv.old, new: argv.new, format: argv.format, failOn: argv.failOn, backtest }, out, err);
        };
      },
    )
    .command(
      'stack',
      'generate the config, then run Prometheus, Alertmanager and the blackbox exporter on it, on 127.0.0.1, until Ctrl-C',
      (y) =>
        y
          .option('out', { type: 'string', describe: 'where the config is generated to first (default: generated/ beside the config)' })
          .option('prometheus-port', { type: 'number', default: 9090, describe: 'port of the stack\'s Prometheus (Alertmanager and the blackbox exporter listen where the config says)' }),
      (argv) => {
        const port = argv.prometheusPort;
        if (!Number.isInteger(port) || port < 1 || port > 65535) usageError = `--prometheus-port must be a port number (1-65535), got ${port}`;
        else
          action = async () => {
            const { config, out: outDir } = await locate(argv.config, argv.out);
            return (await import('./stack.ts')).runStack({ config, out: outDir, prometheusPort: port }, out, err);
          };
      },
    )
    .command(
      'check',
      'check the config against a live Prometheus: selectors with no series, thresholds that are no bucket, counters that are not counters',
      (y) =>
        withServerOptions(y, '30s')
          .option('lookback', { type: 'string', default: '1h', describe: 'how far back a series counts as existing (a duration)' })
          .option('format', { choices: ['text', 'json'] as const, default: 'text' as const }),
      (argv) => {
        if (usageError !== undefined) return; // yargs runs the handler after a missing --prometheus too
        const server = serverFlags(argv);
        const lookbackSeconds = parseDuration(argv.lookback);
        if (typeof server === 'string') usageError = server;
        else if (lookbackSeconds === undefined) usageError = `--lookback must be a duration such as 30m, 1h or 1d, got "${argv.lookback}"`;
        else action = async () => (await import('./check.ts')).runCheck({ ...server, lookbackSeconds, format: argv.format, config: (await locate(argv.config, undefined)).config }, out, err);
      },
    )
    .command(
      'report',
      'a calendar month\'s or quarter\'s SLIs, budgets, SLA verdicts and credits, read from a live Prometheus',
      (y) =>
        withServerOptions(y, '2m')
          .option('month', { type: 'string', describe: 'the calendar month, YYYY-MM' })
          .option('quarter', { type: 'string', describe: 'the calendar quarter, YYYY-Qn' })
          .option('format', { choices: ['text', 'markdown', 'json', 'html'] as const, default: 'text' as const }),
      (argv) => {
        if (usageError !== undefined) return;
        const server = serverFlags(argv);
        const kind = argv.month !== undefined ? 'month' : 'quarter';
        const label = argv.month ?? argv.quarter;
        if ((argv.month === undefined) === (argv.quarter === undefined)) usageError = 'give one of --month YYYY-MM or --quarter YYYY-Qn';
        else if (kind === 'month' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(label!)) usageError = `--month must be a calendar month YYYY-MM, such as 2026-11, got "${label}"`;
        else if (kind === 'quarter' && !/^\d{4}-Q[1-4]$/.test(label!)) usageError = `--quarter must be a calendar quarter YYYY-Qn, such as 2026-Q4, got "${label}"`;
        else if (typeof server === 'string') usageError = server;
        else action = async () => (await import('./report.ts')).runReport({ ...server, kind, label: label!, format: argv.format, config: (await locate(argv.config, undefined)).config }, out, err);
      },
    )
    .command(
      'backtest',
      'when the config\'s alerts would have fired over a past range of a live Prometheus\' data, the rules replayed from its raw series',
      (y) =>
        withServerOptions(y, '2m')
          .option('start', { type: 'string', describe: 'start of the range, RFC 3339 (2026-11-01T00:00:00Z)' })
          .option('end', { type: 'string', describe: 'end of the range, RFC 3339' })
          .option('range', { type: 'string', describe: 'the range ending now, a duration (30d); instead of --start and --end' })
          .option('step', { type: 'string', describe: 'evaluation interval of groups without their own [default: the config\'s evaluationInterval]' })
          .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as const }),
      (argv) => {
        if (usageError !== undefined) return;
        action = async () => {
          const { backtestRange } = await import('../backtest/time.ts');
          const server = serverFlags(argv);
          const range = backtestRange(argv, Date.now() / 1000);
          const step = argv.step === undefined ? undefined : parseDuration(argv.step);
          const problem = typeof server === 'string' ? server : typeof range === 'string' ? range : step === undefined && argv.step !== undefined ? `--step must be a duration such as 1m, got "${argv.step}"` : undefined;
          if (problem !== undefined || typeof server === 'string' || typeof range === 'string') return usage(problem!);
          const config = (await locate(argv.config, undefined)).config;
          return (await import('./backtest.ts')).runBacktest({ ...server, ...range, step, format: argv.format, config }, out, err);
        };
      },
    )
    .command(
      'drill',
      'send a synthetic, labelled alert of each severity to a running Alertmanager, check the receiver it reaches, and resolve it',
      (y) =>
        y
          .option('alertmanager', { type: 'string', demandOption: true, describe: 'URL of the Alertmanager, e.g. http://127.0.0.1:9093' })
          .option('severity', { type: 'string', describe: 'drill this severity level only' })
          .option('service', { type: 'string', describe: 'drill this service only' })
          .option('timeout', { type: 'string', default: '30s', describe: 'per request, and how long to wait for Alertmanager to list the alerts (a duration)' })
          .option('hold', { type: 'string', describe: 'how long the alerts stay firing so receivers are notified (a duration) [default: the slowest route\'s group_wait + 2s]' }),
      (argv) => {
        if (usageError !== undefined) return;
        const timeoutSeconds = parseDuration(argv.timeout);
        const holdSeconds = argv.hold === undefined ? undefined : parseDuration(argv.hold);
        if (!/^https?:\/\/[^/]/.test(argv.alertmanager)) usageError = `--alertmanager must be an http:// or https:// URL, got "${argv.alertmanager}"`;
        else if (timeoutSeconds === undefined) usageError = `--timeout must be a duration such as 30s or 2m, got "${argv.timeout}"`;
        else if (holdSeconds === undefined && argv.hold !== undefined) usageError = `--hold must be a duration such as 10s or 5m, got "${argv.hold}"`;
        else action = async () => (await import('./drill.ts')).runDrill({ alertmanager: argv.alertmanager, severity: argv.severity, service: argv.service, timeoutSeconds, holdSeconds, config: (await locate(argv.config, undefined)).config }, out, err);
      },
    )
    .command(
      'init',
      'start monitoring this npm project: slo.config.ts, tsconfig.json, npm scripts, .gitignore lines, a CI workflow',
      (y) =>
        y
          .option('format', { choices: ['ts', 'yaml'] as const, default: 'ts' as const, describe: 'write the config as TypeScript or YAML' })
          .option('force', { type: 'boolean', default: false, describe: 'overwrite the config and workflow files if they exist' }),
      (argv) => {
        action = async () => (await import('./init.ts')).runInit({ dir: process.cwd(), format: argv.format, force: argv.force }, out, err);
      },
    )
    .command(
      'import <files..>',
      'write a sloforge config from Sloth, Pyrra and OpenSLO specs (files or directories of YAML)',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true })
          .option('format', { choices: ['ts', 'yaml'] as const, default: 'ts' as const, describe: 'write slo.config.ts (defineConfig) or YAML' })
          .option('out', { type: 'string', describe: 'file to write the config to [default: stdout]' })
          .option('strict', { type: 'boolean', default: false, describe: 'exit 1 when anything at all did not come across' })
          .option('force', { type: 'boolean', default: false, describe: 'replace --out if it exists' }),
      (argv) => {
        action = async () => (await import('./import.ts')).runImport({ files: argv.files, format: argv.format, out: argv.out, strict: argv.strict, force: argv.force }, out, err);
      },
    )
    .demandCommand(1, 'name a command: generate, validate, diff, stack, check, report, backtest, drill, init or import')
    .strict()
    .help()
    .version(packageVersion())
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
  if (!action) return EXIT.ok; // --help
  const usage = async (message: string) => {
    err.write(`${message}\n\n${await cli.getHelp()}\n`);
    return EXIT.usage;
  };
  try {
    return await action();
  } catch (error) {
    if (error instanceof ConfigError) {
      err.write(`${error.message}\nNothing was written.\n`);
      return EXIT.invalid;
    }
    // Anything else that fails (git, the disk) gets its message, not a stack trace.
    err.write(`sloforge: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.invalid;
  }
}

interface Paths {
  readonly config: string;
  readonly out: string;
  /** How generated headers name the config; undefined: as given. */
  readonly source?: string;
}

/**
 * Paths given on the command line are relative to the working directory. Without --config
 * the config is searched for upward, and what sloforge picks itself is relative to the
 * config's directory: the output goes beside it and headers name it by its file name,
 * so a run from any subdirectory writes the same bytes to the same place.
 */
async function locate(config: string | undefined, outDir: string | undefined): Promise<Paths> {
  if (config !== undefined) return { config, out: outDir ?? DEFAULT_OUT };
  const found = await (await import('../config/find.ts')).findConfig(process.cwd());
  return { config: fromHere(found), out: outDir ?? fromHere(join(dirname(found), DEFAULT_OUT)), source: basename(found) };
}

function fromHere(path: string): string {
  return relative(process.cwd(), path).split(sep).join('/') || '.';
}

/** package.json is two levels up from both src/cli/ and dist/cli/. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function writeOutput({ config, out: outDir, source }: Paths, force: boolean, out: Output): Promise<number> {
  const count = await (await library()).generate({ config, out: outDir, source, force });
  out.write(`wrote ${count} files to ${outDir}/\n`);
  return EXIT.ok;
}

async function checkOutput({ config, out: outDir, source }: Paths, out: Output, err: Output): Promise<number> {
  const problems = await (await library()).check({ config, out: outDir, source });
  if (problems.length === 0) {
    out.write(`${outDir}/ is current with ${config}\n`);
    return EXIT.ok;
  }
  err.write(`${outDir}/ is not current with ${config}; run \`sloforge generate\`:\n${problems.map((p) => `  ${p}\n`).join('')}`);
  return EXIT.invalid;
}

async function validate(config: string, out: Output): Promise<number> {
  const model = await (await library()).load(config);
  const slos = model.services.reduce((n, s) => n + s.slos.length, 0);
  out.write(`${config} is valid: ${model.services.length} services, ${slos} SLOs\n`);
  return EXIT.ok;
}
