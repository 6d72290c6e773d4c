import { githubScheme } from './github.js';
import { jiraScheme } from './jira.js';
import { slackScheme } from './slack.js';
import { twilioScheme } from './twilio.js';
import type { InboundScheme, SchemeName } from './scheme.js';
import { standardWebhooksScheme } from './standard-webhooks.js';
import { stripeScheme } from './stripe.js';

/** Every inbound signature scheme, by the name `events.inbound.signature.scheme` uses. */
export const SCHEMES: Record<SchemeName, InboundScheme> = {
  'standard-webhooks': standardWebhooksScheme,
  github: githubScheme,
  stripe: stripeScheme,
  slack: slackScheme,
  jira: jiraScheme,
  twilio: twilioScheme,
};
