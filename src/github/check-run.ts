import type { Octokit } from '@octokit/rest';
import { batches, type CheckAnnotation } from '../report/github-annotations.js';
import { githubCall, type RepoRef } from './client.js';

export interface CheckRunInput extends RepoRef {
  name: string;
  headSha: string;
  conclusion: 'success' | 'failure' | 'neutral';
  title: string;
  /** Markdown; GitHub keeps at most 65,535 characters. */
  summary: string;
  annotations: CheckAnnotation[];
  detailsUrl?: string;
}

export interface CheckRunResult {
  id: number;
  url: string;
  /** Requests made: one create plus one update per further batch of 50 annotations. */
  requests: number;
  annotations: number;
}

const OUTPUT_LIMIT = 65_535;

function clip(text: string): string {
  return text.length > OUTPUT_LIMIT ? `${text.slice(0, OUTPUT_LIMIT - 40)}\n\n… (truncated; see the PR comment)` : text;
}

/**
 * Creates a check run on the head commit with every annotation. The Checks API takes 50 annotations
 * per request, so the run is created with the first batch and updated with the rest; the conclusion is
 * set with the last batch so the run never shows as finished with half its annotations.
 */
export async function publishCheckRun(octokit: Octokit, input: CheckRunInput): Promise<CheckRunResult> {
  const { owner, repo } = input;
  const output = (batch: CheckAnnotation[]) => ({ title: input.title, summary: clip(input.summary), annotations: batch });
  const parts = batches(input.annotations);
  const first = parts[0] ?? [];
  const rest = parts.slice(1);
  const created = await githubCall(`creating check run '${input.name}'`, () =>
    octokit.rest.checks.create({
      owner,
      repo,
      name: input.name,
      head_sha: input.headSha,
      ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
      ...(rest.length ? { status: 'in_progress' as const } : { status: 'completed' as const, conclusion: input.conclusion }),
      output: output(first),
    }),
  );
  const id = created.data.id;
  let requests = 1;
  for (const [i, batch] of rest.entries()) {
    const last = i === rest.length - 1;
    await githubCall(`adding annotations to check run ${id}`, () =>
      octokit.rest.checks.update({
        owner,
        repo,
        check_run_id: id,
        ...(last ? { status: 'completed' as const, conclusion: input.conclusion } : {}),
        output: output(batch),
      }),
    );
    requests++;
  }
  return { id, url: created.data.html_url ?? '', requests, annotations: input.annotations.length };
}
