/** `sloforge report --prometheus URL --month YYYY-MM | --quarter YYYY-Qn`: a calendar period's SLO and SLA figures from a live Prometheus. */
import { askingServer, connect, type ServerFlags } from './server-flags.ts';
import { load } from '../generate.ts';
import type { PeriodKind } from '../report/calendar.ts';
import { NoDataError, readReport } from '../report/read.ts';
import { formatReport, type ReportFormat } from '../report/format.ts';

export interface ReportCommandOptions extends ServerFlags {
  readonly config: string;
  readonly kind: PeriodKind;
  readonly label: string;
  readonly format: ReportFormat;
}

type Output = Pick<NodeJS.WriteStream, 'write'>;

export async function runReport(options: ReportCommandOptions, out: Output, err: Output): Promise<number> {
  const model = await load(options.config);
  return askingServer('report', "No report was made: it needs Prometheus' data for the whole period.", err, async () => {
    const report = await readReport(model, await connect(options), options.kind, options.label, Date.now() / 1000);
    out.write(formatReport(report, options.format));
    return 0;
  }, [NoDataError]);
}
