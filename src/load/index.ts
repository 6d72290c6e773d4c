export { DirectorySource, GitRevisionSource, DEFAULT_MAX_FILE_BYTES, type FileSource, type FileEntry } from './file-source.js';
export { loadWorkspace, type Workspace, type WorkspaceFile, type LoadOptions } from './workspace.js';
export { parseYaml } from './yaml-document.js';
export { parseJson } from './json-document.js';
export { classifyFile, type FileRole } from './classify.js';
export { DocumentCache } from './document-cache.js';
