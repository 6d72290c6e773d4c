/**
 * `npm run bench [-- area ...]`: runs each benchmark area and prints its figures. Speed and memory goals
 * live here, never in timed tests. Areas are modules in bench/ exporting `run(): Promise<void>`.
 */
const AREAS = ['startup', 'validate', 'check', 'compat', 'generate', 'runtime', 'admin-api', 'reconcile', 'delivery', 'mock', 'streams', 'isolation', 'exports', 'partner', 'actions', 'monitor', 'erasure'] as const;

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(AREAS as readonly string[]).includes(w));
  if (unknown.length) {
    console.error(`unknown bench area(s): ${unknown.join(', ')}; known: ${AREAS.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const area of wanted.length ? wanted : AREAS) {
    let mod: { run?: () => Promise<void> };
    try {
      mod = (await import(`./${area}.js`)) as { run?: () => Promise<void> };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
        console.log(`\n== ${area}: no benchmark yet`);
        continue;
      }
      throw error;
    }
    console.log(`\n== ${area}`);
    await mod.run?.();
  }
}

await main();
