import { sql } from 'drizzle-orm';
import { getRuntime } from '@/lib/chat/runtime';
import { upstreamConfigured } from '@/lib/env';
import { json, route } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

export const GET = route(async () => {
  const rt = await getRuntime();
  await rt.db.execute(sql`select 1`);
  return json(
    {
      status: rt.accepting ? 'ok' : 'shutting_down',
      database: rt.database.kind,
      upstreamConfigured: upstreamConfigured(),
    },
    { status: rt.accepting ? 200 : 503 },
  );
});
