/**
 * SARIF 2.1.0 for code scanning: one run, the rules that fired (id, descriptions, help, default level)
 * and one result per finding with its file and line. Paths are relative to the repository root
 * (`%SRCROOT%`), as GitHub's upload expects.
 */
import { gateChangeMessage } from './compat-change-message.js';
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../core/diagnostic.js';
import type { Level } from '../compat/change.js';
import { allChanges, type GateChange, type GateReport } from '../engine/gate-report.js';
import { describeRuleFromCatalogues } from './sarif-rules.js';
import { DOCS_BASE_URL, ruleDocsPath } from '../core/rule-docs.js';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface RuleHelp {
  /** One sentence. */
  shortDescription: string;
  fullDescription?: string;
  /** How to fix it; Markdown allowed in `markdown`. */
  help: string;
  helpMarkdown?: string;
  /** Absolute URL of the rule's documentation. */
  helpUri?: string;
}

export interface SarifOptions {
  toolVersion: string;
  /** Rule documentation (default: the compat and policy rule catalogues); a generic text where it has none. */
  describeRule?: (id: string, source: 'diagnostic' | 'compat') => RuleHelp | undefined;
  /** Prepended to every path, when the workspace is a subfolder of the repository (`infra/interlock`). */
  pathPrefix?: string;
  /** Absolute base URL of the docs folder (`https://github.com/o/r/blob/main/docs`), for helpUri. */
  docsUrl?: string;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifRun {
  tool: { driver: SarifDriver };
  results: SarifResult[];
  columnKind: 'unicodeCodePoints';
  originalUriBaseIds: Record<string, { description: { text: string } }>;
}

export interface SarifDriver {
  name: string;
  version: string;
  semanticVersion: string;
  informationUri?: string;
  rules: SarifRule[];
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; 'problem.severity'?: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: '%SRCROOT%' };
      region?: { startLine: number; startColumn?: number; endLine?: number; endColumn?: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const SEVERITY: Record<Diagnostic['severity'], SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
const LEVEL: Record<Level, SarifLevel> = { breaking: 'error', warning: 'warning', info: 'note' };
const SEVERITY_SCORE: Record<SarifLevel, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

function encodePath(prefix: string | undefined, file: string): string {
  const full = prefix ? `${prefix.replace(/\/+$/, '')}/${file}` : file;
  return full.split('/').map(encodeURIComponent).join('/');
}

/** `request-parameter-removed` → `RequestParameterRemoved`, `policy/risk-tier` → `PolicyRiskTier`. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function fingerprint(...parts: (string | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 32);
}

/** The rule's documentation: under `docsUrl` when given, else the published docs. */
function ruleHelpUri(id: string, source: 'diagnostic' | 'compat', docsUrl?: string): string | undefined {
  const page = ruleDocsPath(source === 'compat' ? `compat/${id}` : id);
  if (!page) return undefined;
  return docsUrl ? `${docsUrl.replace(/\/+$/, '')}/${page}` : DOCS_BASE_URL + page;
}

function defaultHelp(id: string, source: 'diagnostic' | 'compat', example: string, docsUrl?: string): RuleHelp {
  const page = ruleDocsPath(source === 'compat' ? `compat/${id}` : id) ?? 'cli.md';
  return {
    shortDescription: source === 'compat' ? `Contract compatibility: ${id}` : `Interlock check: ${id}`,
    fullDescription: example,
    help: `Interlock ${source === 'compat' ? 'compatibility rule' : 'check'} ${id}. Documentation: docs/${page}`,
    ...(docsUrl ? { helpUri: `${docsUrl.replace(/\/+$/, '')}/${page}` } : {}),
  };
}

/** Renders the gate report as a SARIF log; pure. */
export function renderSarif(report: GateReport, options: SarifOptions): SarifLog {
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const results: SarifResult[] = [];

  const rule = (id: string, source: 'diagnostic' | 'compat', level: SarifLevel, example: string): number => {
    const known = index.get(id);
    if (known !== undefined) return known;
    const h = (options.describeRule ?? describeRuleFromCatalogues)(id, source) ?? defaultHelp(id, source, example, options.docsUrl);
    const helpUri = h.helpUri ?? ruleHelpUri(id, source, options.docsUrl);
    rules.push({
      id,
      name: ruleName(id),
      shortDescription: { text: h.shortDescription },
      fullDescription: { text: h.fullDescription ?? h.shortDescription },
      help: { text: h.help, ...(h.helpMarkdown ? { markdown: h.helpMarkdown } : {}) },
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: { level },
      properties: { tags: [source === 'compat' ? 'compatibility' : id.startsWith('policy/') ? 'governance' : 'validation'], 'problem.severity': SEVERITY_SCORE[level] },
    });
    index.set(id, rules.length - 1);
    return rules.length - 1;
  };

  for (const d of report.diagnostics) {
    const level = SEVERITY[d.severity];
    const ruleIndex = rule(d.code, 'diagnostic', level, d.message);
    const loc = d.location;
    results.push({
      ruleId: d.code,
      ruleIndex,
      level,
      message: { text: d.message + (d.suggest?.length ? ` Did you mean: ${d.suggest.join(', ')}?` : '') },
      ...(loc?.file
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodePath(options.pathPrefix, loc.file), uriBaseId: '%SRCROOT%' as const },
                  ...(loc.line
                    ? {
                        region: {
                          startLine: loc.line,
                          ...(loc.column ? { startColumn: loc.column } : {}),
                          ...(loc.endLine ? { endLine: loc.endLine } : {}),
                          ...(loc.endColumn ? { endColumn: loc.endColumn } : {}),
                        },
                      }
                    : {}),
                },
              },
            ],
          }
        : {}),
      partialFingerprints: { 'interlock/v1': fingerprint(d.code, loc?.file, loc?.pointer ?? String(loc?.line ?? ''), loc?.pointer ? '' : d.message) },
    });
  }

  for (const { file, change } of allChanges(report)) {
    const level = changeLevel(change);
    const ruleIndex = rule(change.id, 'compat', LEVEL[change.level], gateChangeMessage(change));
    const loc = change.head ?? change.base;
    // Results attach to the scanned (head) revision: a removal, located only in the base, goes on line 1
    // and names its base line.
    const line = change.head ? change.head.line : change.base?.line ? 1 : undefined;
    const removedAt = !change.head && change.base?.line ? ` (removed; it was at line ${change.base.line} in the base revision)` : '';
    const where = change.operation ? `${change.operation.method.toUpperCase()} ${change.operation.path}: ` : change.path ? `${change.path}: ` : '';
    results.push({
      ruleId: change.id,
      ruleIndex,
      level,
      message: { text: where + gateChangeMessage(change) + removedAt },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodePath(options.pathPrefix, loc?.file ?? file), uriBaseId: '%SRCROOT%' },
            ...(line ? { region: { startLine: line } } : {}),
          },
        },
      ],
      partialFingerprints: { 'interlock/v1': fingerprint(change.id, loc?.file ?? file, loc?.pointer, change.operation ? `${change.operation.method} ${change.operation.path}` : change.path) },
      ...(change.announced ? { properties: { announced: true } } : {}),
    });
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Interlock', version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        results,
        columnKind: 'unicodeCodePoints',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The repository root.' } } },
      },
    ],
  };
}

/** An announced breaking change is a warning in code scanning: it is known and accepted through review. */
function changeLevel(change: GateChange): SarifLevel {
  return change.level === 'breaking' && change.announced ? 'warning' : LEVEL[change.level];
}
