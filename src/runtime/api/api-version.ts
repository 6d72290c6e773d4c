import { RuntimeProblem } from '../problem.js';

/**
 * The admin/partner API's versions, oldest first. A client names the one it was written for in the
 * `Interlock-Version` request field; every answer states the one it was served in. The previous minor keeps
 * working: what changed since it is listed here and served in its old shape on request.
 *
 * - 1.1: `POST /v1/evidence` answers carry `auditHash`, the hash of the audit entry that recorded the
 *   evidence (a probe can keep it as its receipt and check it against the chain). 1.0 answers leave it out.
 */
export const API_VERSIONS = ['1.0', '1.1'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];
export const CURRENT_API_VERSION: ApiVersion = API_VERSIONS[API_VERSIONS.length - 1];

/**
 * The version a request is served in: the current one without the field; the one named when this runtime
 * knows it; a later minor of the same major (a newer client) gets the newest this runtime has, and the
 * answer says which. Another major, or a value that is not `MAJOR.MINOR`, is a 400 problem.
 */
export function negotiateApiVersion(header: string | string[] | undefined): ApiVersion {
  if (header === undefined) return CURRENT_API_VERSION;
  const value = Array.isArray(header) ? header.join(',') : header;
  const m = /^\s*(\d{1,4})\.(\d{1,4})\s*$/.exec(value);
  const supported = API_VERSIONS.join(', ');
  if (!m) throw new RuntimeProblem('unsupported-version', `Interlock-Version ${JSON.stringify(value)} is not MAJOR.MINOR; this runtime serves ${supported}`, { supported: [...API_VERSIONS] });
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const sameMajor = API_VERSIONS.filter((v) => Number(v.split('.')[0]) === major);
  if (!sameMajor.length) throw new RuntimeProblem('unsupported-version', `Interlock-Version ${major}.${minor} is not served here; this runtime serves ${supported}`, { supported: [...API_VERSIONS] });
  return sameMajor.find((v) => Number(v.split('.')[1]) === minor) ?? (minor > Number(sameMajor[sameMajor.length - 1].split('.')[1]) ? sameMajor[sameMajor.length - 1] : reject(major, minor, supported));
}

function reject(major: number, minor: number, supported: string): never {
  throw new RuntimeProblem('unsupported-version', `Interlock-Version ${major}.${minor} is no longer served; this runtime serves ${supported}`, { supported: [...API_VERSIONS] });
}
