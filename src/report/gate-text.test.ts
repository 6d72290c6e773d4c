import { describe, expect, it } from 'vitest';
import { emptyGateReport } from '../engine/gate-report.js';
import { renderGateSummary } from './gate-text.js';

describe('renderGateSummary', () => {
  it('names each compared contract or data contract with its versions and counts', () => {
    const report = emptyGateReport();
    report.contracts = [
      { contract: 'acme-incidents', file: 'incidents.openapi.yaml', baseVersion: '1.2.0', headVersion: '2.0.0', changes: [{ id: 'endpoint-added', level: 'info', message: 'm' }] },
      { contract: 'shipments', kind: 'DataContract', file: 'shipments.datacontract.yaml', baseVersion: '1.0.0', headVersion: '1.0.0', changes: [{ id: 'data-property-removed', level: 'breaking', message: 'm' }] },
    ];
    expect(renderGateSummary(report)).toBe('contract acme-incidents 1.2.0 -> 2.0.0: 0 breaking, 0 warning, 1 info\ndata contract shipments 1.0.0 -> 1.0.0: 1 breaking, 0 warning, 0 info\n');
  });
});
