import { createHash } from 'node:crypto';
import { DirectorySource, loadWorkspace } from '../../../load/index.js';
import { contractSourcePath, validateWorkspace } from '../../../validate/index.js';

/** One contract as committed in the workspace: its API description and its manifest, paths relative to the root. */
export interface CommittedContract {
  descriptionFile: string;
  descriptionText: string;
  manifestFile: string;
  manifestText: string;
  /** `sha256:…` of the description, as plan computes the applied `contentHash`. */
  contentHash: string;
}

/** Reads a contract's committed files; `undefined` when the workspace does not have it. */
export type CommittedContracts = (contract: string) => Promise<CommittedContract | undefined>;

/**
 * The contracts of the workspace the runtime was started in, loaded on each call (a check runs hourly and
 * the files may have moved on). The caller compares `contentHash` with the applied one before trusting them.
 */
export function workspaceContracts(dir: string): CommittedContracts {
  return async (name) => {
    const loaded = await loadWorkspace(new DirectorySource(dir));
    const model = validateWorkspace(loaded.value).value;
    const contract = model.contracts.get(name);
    if (!contract) return undefined;
    const descriptionFile = contractSourcePath(contract);
    const descriptionText = loaded.value.files.get(descriptionFile)?.text;
    const manifestText = loaded.value.files.get(contract.doc.file)?.text;
    if (descriptionText === undefined || manifestText === undefined) return undefined;
    return { descriptionFile, descriptionText, manifestFile: contract.doc.file, manifestText, contentHash: `sha256:${createHash('sha256').update(descriptionText).digest('hex')}` };
  };
}
