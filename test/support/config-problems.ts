/** What validation says of a config, as `path: message` lines; none for a config it accepts. */
import { validateConfig } from '../../src/config/validate.ts';
import { ConfigError } from '../../src/config/diagnostics.ts';

export function configProblems(config: unknown, source = 'slo.config.yaml'): string[] {
  try {
    validateConfig(config, source);
  } catch (error) {
    if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.path}: ${d.message}`);
    throw error;
  }
  return [];
}
