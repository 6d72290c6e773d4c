import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a synthetic but schema-valid workspace: `contracts` OpenAPI contracts of `operationsPerContract`
 * operations each, one vendor per contract, and `integrations` integrations spread over them.
 */
export function writeSyntheticWorkspace(root: string, opts: { integrations: number; contracts: number; operationsPerContract?: number }): void {
  const ops = opts.operationsPerContract ?? 8;
  for (let c = 0; c < opts.contracts; c++) {
    const vendor = `vendor-${c}`;
    const vdir = path.join(root, 'integrations', vendor);
    const cdir = path.join(root, 'contracts', vendor);
    mkdirSync(vdir, { recursive: true });
    mkdirSync(cdir, { recursive: true });
    writeFileSync(
      path.join(vdir, 'vendor.yaml'),
      `apiVersion: interlock.dev/v1
kind: Vendor
metadata:
  name: ${vendor}
  owners: ['@northwind/integrations']
spec:
  legalName: Vendor ${c} Ltd
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: medium }
  dataLocations: [eu-central]
`,
    );
    writeFileSync(
      path.join(cdir, 'api.contract.yaml'),
      `apiVersion: interlock.dev/v1
kind: Contract
metadata:
  name: ${vendor}-api
spec:
  vendor: ${vendor}
  format: openapi
  source: api.openapi.yaml
  version: 1.${c % 10}.0
  compatibility: backward
`,
    );
    const paths: string[] = [];
    for (let o = 0; o < ops; o++) {
      paths.push(`  /records${o}/{id}:
    get:
      operationId: getRecord${o}
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: The record
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Record' }
    put:
      operationId: putRecord${o}
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Record' }
      responses:
        '204': { description: Updated }`);
    }
    writeFileSync(
      path.join(cdir, 'api.openapi.yaml'),
      `openapi: 3.0.3
info: { title: Vendor ${c} API, version: '1.0' }
paths:
${paths.join('\n')}
components:
  schemas:
    Record:
      type: object
      required: [id]
      properties:
        id: { type: string }
        email: { type: string, format: email, x-classification: { sensitivity: confidential, pii: contact } }
        status: { type: string, enum: [open, closed] }
`,
    );
  }
  for (let i = 0; i < opts.integrations; i++) {
    const c = i % opts.contracts;
    const vendor = `vendor-${c}`;
    writeFileSync(
      path.join(root, 'integrations', vendor, `sync-${i}.yaml`),
      `apiVersion: interlock.dev/v1
kind: Integration
metadata:
  name: sync-${i}
  labels: { team: data }
spec:
  vendor: ${vendor}
  contract: { ref: ${vendor}-api, version: ^1.0.0 }
  direction: outbound
  endpoint:
    baseUrl: https://api.vendor${c}.example.com
    tls: { minVersion: '1.2' }
  auth: { type: apiKey, in: header, name: X-Api-Key, value: env:VENDOR_${c}_KEY }
  uses: [getRecord${i % ops}, putRecord${(i + 1) % ops}]
  data:
    region: eu-central
    retentionDays: 30
    fields:
      Record.email: { sensitivity: confidential, pii: contact }
`,
    );
  }
}
