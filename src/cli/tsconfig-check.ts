/**
 * Whether `npx tsc --noEmit` will check a TS config under the project's own tsconfig.json,
 * asked of the project's own TypeScript: sloforge does not guess at its settings.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as TypeScript from 'typescript';

export type TsconfigVerdict =
  | { readonly kind: 'no-typescript' }
  | { readonly kind: 'works' }
  /** Each problem says what is wrong and what to change. */
  | { readonly kind: 'problems'; readonly problems: readonly string[] };

export function checkTsconfig(projectDir: string, tsconfigFile: string, configFile: string): TsconfigVerdict {
  const ts = projectTypeScript(projectDir);
  if (!ts) return { kind: 'no-typescript' };
  const read = ts.readConfigFile(tsconfigFile, ts.sys.readFile);
  if (read.error) return { kind: 'problems', problems: [`cannot be read: ${message(ts, read.error)}`] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, projectDir, undefined, tsconfigFile);
  const problems: string[] = [];
  const target = resolve(configFile);
  if (!parsed.fileNames.map((file) => resolve(file)).includes(target)) {
    problems.push(`it does not include ${configFile}, so \`tsc --noEmit\` does not check it: add "${configFile}" to its "include" (or "files")`);
  }
  const program = ts.createProgram({ rootNames: [target], options: { ...parsed.options, noEmit: true } });
  const source = program.getSourceFile(target);
  const diagnostics = source ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [];
  for (const diagnostic of diagnostics.slice(0, 5)) problems.push(`${configFile} does not type-check under it: ${message(ts, diagnostic.messageText)}${HINTS[diagnostic.code] ?? ''}`);
  return problems.length === 0 ? { kind: 'works' } : { kind: 'problems', problems };
}

/** What to change for the errors a tsconfig.json causes in a config that is itself correct. */
const HINTS: Readonly<Record<number, string>> = {
  2307: '; set "module" and "moduleResolution" to "nodenext" (or "moduleResolution" to "bundler")',
  2792: '; set "module" and "moduleResolution" to "nodenext" (or "moduleResolution" to "bundler")',
  1286: '; name the config slo.config.mts, or set "type": "module" in package.json',
  1295: '; name the config slo.config.mts, or set "type": "module" in package.json',
};

function projectTypeScript(projectDir: string): typeof TypeScript | undefined {
  try {
    return createRequire(join(projectDir, 'package.json'))('typescript') as typeof TypeScript;
  } catch {
    return undefined;
  }
}

function message(ts: typeof TypeScript, text: string | TypeScript.DiagnosticMessageChain | TypeScript.Diagnostic): string {
  const chain = typeof text === 'object' && 'messageText' in text ? text.messageText : text;
  return ts.flattenDiagnosticMessageText(chain, ' ');
}
