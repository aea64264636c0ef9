import pg from "pg";

/**
 * Runs `work` with GALEN_DATABASE_SCHEMA naming a schema made for it, so that every store the bench opens on `url`
 * (in this process and in the galen processes it starts) lands there; drops the schema afterwards.
 */
export async function inBenchSchema<T>(
  url: string,
  name: string,
  work: (schema: string) => Promise<T>,
): Promise<T> {
  const schema = `galen_bench_${process.pid}_${name}`;
  const previous = process.env.GALEN_DATABASE_SCHEMA;
  process.env.GALEN_DATABASE_SCHEMA = schema;
  try {
    return await work(schema);
  } finally {
    if (previous === undefined) delete process.env.GALEN_DATABASE_SCHEMA;
    else process.env.GALEN_DATABASE_SCHEMA = previous;
    await query(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

/** Bytes on disk of a schema's tables with their indexes and TOAST. */
export async function schemaBytes(url: string, schema: string): Promise<number> {
  const rows = await query(
    url,
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  return Number(rows[0]?.bytes ?? 0);
}

async function query(
  url: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<Array<Record<string, string>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Record<string, string>>(sql, parameters)).rows;
  } finally {
    await client.end();
  }
}
