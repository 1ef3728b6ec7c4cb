import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const SRC = resolve(import.meta.dirname, '../../src');

/** Every module `entry` loads when imported (type-only imports erased), as paths under src/ or package names. */
async function moduleGraph(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const visit = async (file: string) => {
    const name = relative(SRC, file);
    if (seen.has(name)) return;
    seen.add(name);
    const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.ES2022);
    for (const statement of source.statements) {
      const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (specifier === undefined) continue;
      const typeOnly = ts.isImportDeclaration(statement) ? statement.importClause?.isTypeOnly === true : (statement as ts.ExportDeclaration).isTypeOnly;
      if (typeOnly) continue;
      if (specifier.startsWith('.')) await visit(join(dirname(file), specifier));
      else seen.add(specifier);
    }
  };
  await visit(join(SRC, entry));
  return seen;
}

describe('the package entry points', () => {
  it("'sloforge', what every slo.config.ts imports, loads defineConfig and its errors only: the CLI that loads the config holds the compiler already", async () => {
    expect([...(await moduleGraph('index.ts'))].sort()).toEqual(['config/define.ts', 'config/diagnostics.ts', 'config/text.ts', 'index.ts']);
  });

  it("'sloforge/api' loads the loader, validator and compilers for programs", async () => {
    const graph = await moduleGraph('api.ts');
    for (const module of ['config/load.ts', 'config/validate.ts', 'compile/index.ts', 'render.ts', 'generate.ts', 'yaml', 'config/program.ts']) expect(graph).toContain(module);
  });
});
