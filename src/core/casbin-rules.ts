/**
 * access.csv as Casbin's string adapter takes it: one rule per line, comments and blank lines dropped. In a
 * model with domains (tenants), a rule written without one — `p, admin, *, *` or `g, alice, admin`, as every
 * access.csv before tenants — holds in every domain: `*` is put in the domain's place. Rules that already
 * name a domain (`p, auditor, acme-eu, evidence, read`) are kept as they are.
 */
export function casbinRules(csv: string, arity: { p: number; g: number }): string {
  return csv
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const fields = line.split(',').map((f) => f.trim());
      const [type] = fields;
      // `p, sub, obj, act` in a `p = sub, dom, obj, act` model: the domain is the second field.
      if (type === 'p' && arity.p === 4 && fields.length === 4) return ['p', fields[1], '*', fields[2], fields[3]].join(', ');
      // `g, user, role` in a `g = _, _, _` model: the domain is the third.
      if (type === 'g' && arity.g === 3 && fields.length === 3) return [...fields, '*'].join(', ');
      return line;
    })
    .join('\n');
}

/** How many fields a Casbin definition has (`sub, dom, obj, act` → 4, `_, _, _` → 3); 0 when absent. */
export function fieldCount(definition: string | undefined): number {
  return definition ? definition.split(',').length : 0;
}
