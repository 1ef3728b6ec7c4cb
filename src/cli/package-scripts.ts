/** Adds npm scripts to a package.json's text, keeping its indentation, line endings and every other key as they were. */

export interface ScriptsEdit {
  /** The new text; the old one when nothing was added. */
  readonly text: string;
  readonly added: readonly string[];
  /** Scripts of the same name that run something else: left alone unless forced. */
  readonly conflicts: readonly string[];
}

export function addScripts(text: string, scripts: Readonly<Record<string, string>>, force: boolean): ScriptsEdit {
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  const existing = manifest.scripts ?? {};
  const conflicts = Object.keys(scripts).filter((name) => existing[name] !== undefined && existing[name] !== scripts[name]);
  const added = Object.keys(scripts).filter((name) => existing[name] !== scripts[name] && (force || !conflicts.includes(name)));
  if (added.length === 0) return { text, added, conflicts };
  manifest.scripts = { ...existing, ...Object.fromEntries(added.map((name) => [name, scripts[name]!])) };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^[{[]\r?\n([ \t]+)/.exec(text)?.[1] ?? '  ';
  const json = JSON.stringify(manifest, null, indent).replaceAll('\n', eol);
  return { text: /\r?\n$/.test(text) ? `${json}${eol}` : json, added, conflicts: force ? [] : conflicts };
}
