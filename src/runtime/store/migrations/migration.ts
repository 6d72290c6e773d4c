/**
 * One schema step. Migrations run in `id` order, each at most once, recorded in `interlock_migrations`.
 * Later features append their own module to the list in `migrations/index.ts`; never edit a shipped one.
 */
export interface Migration {
  id: number;
  name: string;
  /** PostgreSQL DDL, run on both engines. */
  up: string;
}
