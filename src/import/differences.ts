/** Where the imported alerts behave differently from the source tool's, for the reviewer of an import. */
import type { SourceFormat } from './detect.ts';

export const ALERT_DIFFERENCES: Readonly<Record<Exclude<SourceFormat, 'sloth-crd'>, readonly string[]>> = {
  sloth: [
    "Sloth's period SLI averages its 5m error ratios over 30d; sloforge's divides the errors counted over the period by the events counted over it. Under uneven traffic (quiet nights, busy days) the two budgets differ: sloforge's weights each request the same.",
    'Sloth fires one alert per severity, the OR of its two window pairs; sloforge fires one alert per tier (fastPage, slowPage, fastTicket, slowTicket) with long_window and short_window labels. The alert name and the sloth_severity label are kept, so routes matching them still match, now once per tier.',
    "Sloth's alerts have no `for`; sloforge's tiers wait 2m, 15m, 1h and 3h before firing (set alerting.tiers.<tier>.for to '0s' for Sloth's behaviour).",
    'sloforge adds an SLONoData alert (missing metrics) and an SLIBroken ticket (impossible data) that Sloth does not have.',
  ],
  pyrra: [
    "Pyrra's four windows, factors (14, 7, 2, 1 over 28d, the windows scaled with the SLO window) and `for` are kept; sloforge writes each factor as the share of the budget it burns (budgetPercent = factor × long window / period), so the same alert thresholds come out.",
    "Pyrra's absent alert becomes sloforge's SLONoData alert; sloforge adds an SLIBroken ticket for impossible data. Alerts carry the service (the SLO's namespace) and slo labels instead of Pyrra's; a grouping by the metric's own `service` label comes out as `exported_service` on the rules and alerts.",
  ],
  openslo: [
    'Each burnrate AlertCondition becomes a tier: threshold as its factor, lookbackWindow as its long window, alertAfter as its `for`. OpenSLO has no short window; sloforge adds one of a twelfth of the long window (below 5m, to the whole minute and at least 1m), so an alert also stops soon after the burn stops.',
    "An SLO without alert policies gets sloforge's four default tiers.",
  ],
};
