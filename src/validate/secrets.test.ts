import { describe, expect, it } from 'vitest';
import { parseYaml } from '../load/yaml-document.js';
import { findLiteralSecrets } from './secrets.js';

const find = (yaml: string) => findLiteralSecrets(parseYaml('m.yaml', yaml).documents[0]);

describe('findLiteralSecrets', () => {
  it.each([
    ['clientSecret: hunter2hunter2', 'literal'],
    ['password: p4ss', 'literal'],
    ['note: AKIAABCDEFGHIJKLMNOP', 'an AWS access key id'],
    ['url: https://bot:s3cret@hooks.example.com/x', 'credentials in a URL'],
    ['hook: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'a webhook signing secret'],
    ['header: ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'a GitHub token'],
    ['description: the bot posts with xoxb-271828182845-904523536028-Zx7LmQ2wRtYu9Io', 'a Slack token'],
    ['reason: rotated sk_live_51HxQeR2eZvKYlo2C8fJ3kLmNoPq last week', 'a Stripe secret key'],
    ['description: see https://ops:hunter22@wiki.example.com/page', 'credentials in a URL'],
  ])('flags %s', (yaml, kind) => {
    const found = find(yaml);
    expect(found.map((d) => [d.code, d.data?.kind])).toEqual([['secret-literal', kind]]);
  });

  it.each(['clientSecret: env:ACME_SECRET', 'password: vault:secret/data/acme#password', 'apiKey: file:/run/secrets/acme', 'tokenUrl: https://acme.example.com/oauth/token', 'description: rotate the token yearly'])(
    'accepts %s',
    (yaml) => {
      expect(find(yaml)).toEqual([]);
    },
  );

  it('treats field names in an event transform as names, not credentials', () => {
    const yaml = 'spec:\n  events:\n    transform:\n      rename: { consigneeToken: consignee_token }\n      pick: [apiToken]\n';
    expect(find(yaml)).toEqual([]);
  });

  it('never repeats the secret in the message', () => {
    const [d] = find('auth:\n  password: correct-horse-battery');
    expect(d.message).not.toContain('correct-horse-battery');
    expect(d.location).toMatchObject({ line: 2, column: 3, pointer: '/auth/password' });
  });
});
