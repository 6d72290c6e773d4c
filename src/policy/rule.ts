import type { Resource } from '../core/resources.js';
import type { WorkspaceModel } from '../validate/model.js';
import type { AccessModel } from './access.js';
import type { EffectivePolicies } from './policies.js';
import type { WorkspaceFacts } from './facts.js';

/** The severity a rule reports at, unless the workspace's Ruleset says otherwise. */
export type RuleLevel = 'error' | 'warning' | 'info';

/** Values a message placeholder can take. */
export type MessageValue = string | number | boolean;

/**
 * A small workspace shown in a rule's doc page and executed by the docs test: file path → text.
 * Examples are laid over the minimal base workspace in `examples/base.ts`, so they show only what matters.
 */
export type ExampleFiles = Record<string, string>;

export interface RuleMeta {
  /** The rule id; also the file name under rules/ and the doc page name. */
  id: string;
  /** One sentence: what the rule requires. */
  description: string;
  defaultSeverity: RuleLevel;
  /** Message templates by message id, with `{{placeholders}}` filled from the report's data. */
  messages: Record<string, string>;
  docs: {
    /** Why the rule exists and how its inputs are read, for the doc page. */
    details: string;
    failing: ExampleFiles;
    passing: ExampleFiles;
  };
}

export interface ReportDescriptor {
  /** The resource the finding belongs to (waivers match on its `Kind/name`). */
  resource: Resource;
  /** JSON pointer into the resource's manifest where the finding is located. */
  pointer: string;
  messageId: string;
  data?: Record<string, MessageValue>;
  /** Extra machine-readable facts that are not message placeholders (e.g. a computation). */
  details?: Record<string, unknown>;
  /** Other resources whose waiver for this rule also waives the finding (an integration follows its vendor). */
  alsoWaivedBy?: Resource['id'][];
}

/** What a rule sees. Everything is computed before the rule runs; rules read no disk, clock or env. */
export interface RuleContext {
  model: WorkspaceModel;
  /** The policies in force, with built-in defaults where the workspace defines none. */
  policies: EffectivePolicies;
  /** "Today", injected so that rules are deterministic. */
  now: Date;
  /** GitHub login of the change's author, when known. */
  author?: string;
  /** The Casbin access model from policies/access.conf + access.csv, when the workspace has one. */
  access?: AccessModel;
  /** Derived facts shared by rules: fields each integration moves, each vendor's computed tier, its gate. */
  facts: WorkspaceFacts;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Fills `{{name}}` placeholders; an unknown placeholder is a bug in the rule. */
export function formatMessage(template: string, data: Record<string, MessageValue> = {}): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`Message placeholder '${name}' has no data in '${template}'`);
    return String(data[name]);
  });
}
