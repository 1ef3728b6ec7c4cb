/** `sloforge backtest`: when the config's alerts would have fired over a past range of a server's data. */
export { backtest, modelRuleGroups, type AlertFirings, type Backtest, type BacktestOptions, type SloErrorRatio } from './replay.ts';
export { formatBacktest, type BacktestFormat } from './format.ts';
export { BacktestError } from './retention.ts';
export { backtestRange, iso } from './time.ts';
export { alertTitle, spell, times } from './format.ts';
