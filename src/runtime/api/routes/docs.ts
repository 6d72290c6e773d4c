import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RuntimeProblem } from '../../problem.js';
import type { Route } from '../route.js';

/**
 * The API reference: Swagger UI (swagger-ui-dist, served from the installed package, never a CDN) rendering
 * this runtime's /openapi.json. Nothing loads from another host: the validator badge (validator.swagger.io
 * by default) is off, the page and its start script are ours, and the CSP allows only this origin.
 */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Relative URLs, so the page also works behind a reverse proxy's path prefix: /docs → docs/assets/…, /openapi.json.
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Interlock runtime API reference</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/assets/start.js"></script>
</body>
</html>
`;

const START = `window.ui = SwaggerUIBundle({
  url: new URL('openapi.json', document.baseURI).pathname,
  dom_id: '#swagger-ui',
  layout: 'BaseLayout',
  presets: [SwaggerUIBundle.presets.apis],
  deepLinking: true,
  validatorUrl: null,
});
`;

interface Asset {
  contentType: string;
  read(): string;
}

let packageDir: string | undefined;
/** swagger-ui-dist's own directory, by its absolute-path helper. */
function swaggerUiDir(): string {
  packageDir ??= (createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string)();
  return packageDir;
}

const fromPackage = (file: string, contentType: string): Asset => ({ contentType, read: () => readFileSync(path.join(swaggerUiDir(), file), 'utf8') });

/** The only files served under /docs/assets/: a name outside this list is a 404, never a path into the package. */
export const DOCS_ASSETS: Readonly<Record<string, Asset>> = {
  'swagger-ui.css': fromPackage('swagger-ui.css', 'text/css; charset=utf-8'),
  'swagger-ui-bundle.js': fromPackage('swagger-ui-bundle.js', 'text/javascript; charset=utf-8'),
  'start.js': { contentType: 'text/javascript; charset=utf-8', read: () => START },
};

const loaded = new Map<string, string>();

export const getApiReference: Route = {
  method: 'GET',
  path: '/docs',
  operationId: 'getApiReference',
  auth: 'public',
  async handle() {
    return { status: 200, text: PAGE, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': CSP, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' } };
  },
};

export const getApiReferenceAsset: Route = {
  method: 'GET',
  path: '/docs/assets/{file}',
  operationId: 'getApiReferenceAsset',
  auth: 'public',
  async handle(ctx) {
    const name = ctx.params.file;
    const asset = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
    if (!asset) throw new RuntimeProblem('not-found', `no API reference asset ${JSON.stringify(name)}`);
    let text = loaded.get(name);
    if (text === undefined) loaded.set(name, (text = asset.read()));
    return { status: 200, text, contentType: asset.contentType, headers: { 'content-security-policy': CSP, 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' } };
  },
};

export const docsRoutes: Route[] = [getApiReference, getApiReferenceAsset];
