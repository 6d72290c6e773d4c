/**
 * How often each parse of an API description ran in this process, per file. The contract model promises
 * each description is parsed once per workspace load; tests read these counts to hold it to that.
 */
export type ParseStep = 'openapi-load' | 'openapi-schema-check' | 'graphql-parse' | 'graphql-build';

const counts = new Map<ParseStep, Map<string, number>>();

export function countParse(step: ParseStep, file: string): void {
  const files = counts.get(step) ?? counts.set(step, new Map()).get(step)!;
  files.set(file, (files.get(file) ?? 0) + 1);
}

/** A copy of the counts so far: step → file → parses. */
export function parseCounts(): Record<ParseStep, Record<string, number>> {
  const steps: ParseStep[] = ['openapi-load', 'openapi-schema-check', 'graphql-parse', 'graphql-build'];
  return Object.fromEntries(steps.map((step) => [step, Object.fromEntries(counts.get(step) ?? [])])) as Record<ParseStep, Record<string, number>>;
}
