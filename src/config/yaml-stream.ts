/**
 * A YAML config written as a stream of documents (`---` between them), as teams keep one
 * document per service or keep the shared alerting apart: the documents' `services` lists
 * are joined in order, and every other top-level key is written in one document only.
 */
import { isMap, type Document, type LineCounter } from 'yaml';
import { ConfigError, type Diagnostic, type Locate, type Path } from './diagnostics.ts';
import { yamlPositions } from './positions.ts';

export interface YamlStreamPart {
  readonly document: Document;
  /** The document's value, as `toJS` gives it. */
  readonly value: unknown;
}

/** One config from the documents of a stream, and where each path of it is written. */
export function joinDocuments(file: string, parts: readonly YamlStreamPart[], lines: LineCounter): { config: unknown; locate: Locate } {
  const written = parts.filter((part) => part.value !== null && part.value !== undefined);
  if (written.length <= 1) {
    const only = written[0] ?? parts[0];
    return only ? { config: only.value, locate: yamlPositions(only.document, lines) } : { config: null, locate: () => undefined };
  }
  const locators = new Map(written.map((part) => [part, yamlPositions(part.document, lines)]));
  const problems: Diagnostic[] = [];
  const at = (part: YamlStreamPart, path: Path) => locators.get(part)!(path) ?? {};
  const config: Record<string, unknown> = {};
  const services: unknown[] = [];
  /** For each joined service, the document and index it comes from; for each other key, its document. */
  const serviceOrigins: { part: YamlStreamPart; index: number }[] = [];
  const keyOrigins = new Map<string, { part: YamlStreamPart; number: number }>();
  let sawServices = false;
  for (const part of written) {
    const number = parts.indexOf(part) + 1;
    if (!isMap(part.document.contents) || typeof part.value !== 'object' || Array.isArray(part.value)) {
      problems.push({ path: '', ...at(part, []), message: `document ${number} of the stream must be a mapping of config keys (services, alerting, …); each document holds part of one config` });
      continue;
    }
    for (const [key, value] of Object.entries(part.value as Record<string, unknown>)) {
      if (key === 'services') {
        sawServices = true;
        if (!Array.isArray(value)) {
          problems.push({ path: 'services', ...at(part, ['services']), message: `must be a list in document ${number} of the stream, as in every document that has services` });
          continue;
        }
        value.forEach((service, serviceIndex) => {
          services.push(service);
          serviceOrigins.push({ part, index: serviceIndex });
        });
        continue;
      }
      const earlier = keyOrigins.get(key);
      if (earlier) {
        problems.push({ path: key, ...at(part, [key]), message: `is set in documents ${earlier.number} and ${number} of the stream; write it in one document (only services lists are joined)` });
        continue;
      }
      keyOrigins.set(key, { part, number });
      config[key] = value;
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  if (sawServices) config.services = services;
  const locate: Locate = (path) => {
    const [head, index, ...rest] = path;
    if (head === 'services' && typeof index === 'number' && serviceOrigins[index]) {
      const origin = serviceOrigins[index]!;
      return locators.get(origin.part)!(['services', origin.index, ...rest]);
    }
    const owner = typeof head === 'string' ? keyOrigins.get(head)?.part : undefined;
    return locators.get(owner ?? written[0]!)!(path);
  };
  return { config, locate };
}
