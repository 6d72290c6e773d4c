import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

export interface ImportedContract {
  vendor: string;
  /** The API's short name: files are contracts/<vendor>/<name>.(openapi.yaml|graphql). */
  name: string;
  format: 'openapi' | 'graphql';
  /** The description file, relative to the manifest. */
  source: string;
  version: string;
  /** The full description as given: a URL or a path relative to the manifest. */
  upstream: string;
  /** The full description's bytes. */
  upstreamText: string;
  uses: readonly string[];
  description?: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `info.version` when it is semver, else 1.0.0 (Stripe and others version by date). */
export function contractVersion(infoVersion: unknown): string {
  return typeof infoVersion === 'string' && /^\d+\.\d+\.\d+$/.test(infoVersion) ? infoVersion : '1.0.0';
}

/** The Contract manifest for an imported description, with the upstream source and hash. */
export function contractManifest(c: ImportedContract): string {
  const manifest = {
    apiVersion: 'interlock.dev/v1',
    kind: 'Contract',
    metadata: {
      name: `${c.vendor}-${c.name}`,
      description: c.description ?? `${c.vendor} ${c.name}: the operations this workspace uses, imported from the vendor's description.`,
      labels: { vendor: c.vendor },
    },
    spec: {
      vendor: c.vendor,
      format: c.format,
      source: c.source,
      version: c.version,
      compatibility: 'backward',
      upstream: { source: c.upstream, sha256: sha256(c.upstreamText), uses: [...c.uses] },
    },
  };
  return `# yaml-language-server: $schema=../../node_modules/interlock/schemas/contract.schema.json
# Written by \`interlock import\`: ${c.source} is the vendor's description trimmed to the operations in
# spec.upstream.uses and what they reach. To use more operations, run the import again with --force.
${stringify(manifest, { lineWidth: 0 })}`;
}
