import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { AlertStatus, TrustView } from '../../core/monitor-api.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import { sparkline } from '../../report/monthly-summary.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure as failure } from '../runtime-failure.js';
import { alignColumns } from '../text-table.js';

interface Common {
  runtime?: string;
  format: string;
}

const runtimeOption = () => new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

const penaltyText = (t: TrustView) => t.penalties.map((p) => `${p.factor} −${p.points} (${p.value} vs ${p.target})`).join('; ') || '-';

/** `interlock trust`: every connector's trust score, why it is not 100, and its recent history. */
export const registerTrust: RegisterCommand = (program, ctx) => {
  const cmd = new Command('trust')
    .description('Trust score (0–100) of every connector with its penalties and recent history (docs/trust-score.md)')
    .option('--history <n>', 'past scores per connector', '48')
    .addOption(runtimeOption())
    .addOption(formatOption());
  cmd.action(async (flags: Common & { history: string }) => {
    const history = Number(flags.history);
    if (!Number.isInteger(history) || history < 0 || history > 1000) throw new UsageError('--history must be an integer from 0 to 1000');
    const scores = await new RuntimeClient(runtimeEndpoint(flags, ctx.io.env)).trustScores(history).catch(failure);
    if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ integrations: scores })}\n`);
    else if (!scores.length) ctx.io.stdout.write('no trust scores yet (the monitor scores applied integrations every minute)\n');
    else ctx.io.stdout.write(alignColumns([['INTEGRATION', 'SCORE', 'AT', 'HISTORY', 'PENALTIES'], ...scores.map((t) => [t.integration, String(t.score), t.at, sparkline(t.history.map((h) => h.score)), penaltyText(t)])]));
    ctx.exit(EXIT.ok);
  });
  program.addCommand(cmd);
};

/** `interlock alerts list`: the monitor's alerts. */
export const registerAlerts: RegisterCommand = (program, ctx) => {
  const alerts = new Command('alerts').description('Alerts raised by the monitor: sustained 5xx, unhealthy integrations, expiring evidence, vendor spec drift');
  alerts
    .command('list')
    .description('Alerts, newest first (open ones by default)')
    .addOption(new Option('--status <status>', 'which alerts').choices(['open', 'resolved', 'all']).default('open'))
    .option('--limit <n>', 'most alerts to show', '100')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { status: AlertStatus | 'all'; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
      const list = await new RuntimeClient(runtimeEndpoint(flags, ctx.io.env)).listAlerts({ status: flags.status, limit }).catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ alerts: list })}\n`);
      else if (!list.length) ctx.io.stdout.write(`no ${flags.status === 'all' ? '' : `${flags.status} `}alerts\n`);
      else ctx.io.stdout.write(alignColumns([['ID', 'SEVERITY', 'STATUS', 'RULE', 'INTEGRATION', 'OPENED', 'RESOLVED', 'SUMMARY'], ...list.map((a) => [a.id, a.severity, a.status, a.rule, a.integration ?? '-', a.openedAt, a.resolvedAt ?? '-', a.summary])]));
      ctx.exit(EXIT.ok);
    });
  program.addCommand(alerts);
};
