import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanaryConfig } from '../src/apply/canary.js';
import { runCanary, type CanaryTarget } from '../src/apply/canary-controller.js';
import type { CanaryLever } from '../src/apply/delivery-canary-target.js';
import { RuntimeClient } from '../src/runtime-client/client.js';
import { createGitHubClient } from '../src/github/client.js';
import { openRollbackIncident } from '../src/github/incident.js';
import { filesBeforeCommit } from '../src/load/git-info.js';
import { startFakeGitHub } from './fakes/github-server.js';

/**
 * Rollback to git: a canary whose new version fails every delivery is rolled back by the controller, and
 * the rollback opens the incident issue and the revert pull request on the fake GitHub API. The runtime's
 * event delivery is stood in for by a target that fails every delivery (the receiver answering 500s).
 */
const config: CanaryConfig = { steps: [10, 50, 100], windowMs: 100, maxErrorRate: 0.05, minSamples: 5 };

// The runtime's delivery client is the lever a canary on the real runtime uses.
const lever: CanaryLever = new RuntimeClient({ url: 'http://127.0.0.1:9' });

function failingTarget(): CanaryTarget {
  let weight = 0;
  return {
    setWeight: async (w) => void (weight = w),
    observe: async () => ({ deliveries: weight, errors: weight }),
  };
}

describe('rollback to incident and revert pull request', () => {
  let gh: Awaited<ReturnType<typeof startFakeGitHub>>;
  let repo: string;
  beforeAll(async () => {
    gh = await startFakeGitHub();
    repo = mkdtempSync(path.join(tmpdir(), 'interlock-canary-'));
  });
  afterAll(async () => {
    await gh.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it('the runtime delivery client offers the canary lever', () => {
    expect(typeof lever.setCanary).toBe('function');
  });

  it('a canary failing with 500s opens the incident and proposes the revert of its commit', async () => {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'A', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'A', GIT_COMMITTER_EMAIL: 'a@example.com' } });
    git('init', '-q', '-b', 'main');
    const file = 'integrations/acme/sync.yaml';
    mkdirSync(path.join(repo, 'integrations/acme'), { recursive: true });
    writeFileSync(path.join(repo, file), 'endpoint: https://v1.example.com\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'v1');
    writeFileSync(path.join(repo, file), 'endpoint: https://v2.example.com\n');
    git('commit', '-q', '-am', 'v2');
    const bad = git('rev-parse', 'HEAD').trim();

    const octokit = createGitHubClient({ token: 't', baseUrl: gh.url });
    let now = 0;
    const state = await runCanary({
      config,
      target: failingTarget(),
      pollMs: 50,
      now: () => now,
      sleep: async (ms) => void (now += ms),
      onRollback: async (d) => {
        await openRollbackIncident(octokit, {
          owner: 'northwind',
          repo: 'ws',
          resource: 'Integration/sync',
          commit: bad,
          base: 'main',
          errorRate: d.errorRate,
          maxErrorRate: d.maxErrorRate,
          weight: d.weight,
          files: await filesBeforeCommit(repo, bad),
        });
      },
    });
    expect(state.phase).toBe('rolled-back');
    const fake = gh.state.repo('northwind/ws');
    expect(fake.issues.filter((i) => !i.pull).map((i) => i.title)).toEqual([`Canary of Integration/sync rolled back (${bad.slice(0, 12)})`]);
    const pull = fake.issues.find((i) => i.pull)!;
    expect(pull.pull?.head.ref).toBe(`interlock/revert-${bad.slice(0, 12)}`);
    expect(fake.files.get(`interlock/revert-${bad.slice(0, 12)}:${file}`)).toBe('endpoint: https://v1.example.com\n');
  });
});
