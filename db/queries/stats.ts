import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../client';
import { conversations as c, chatMessages as m } from '../schema';

export type DailyStats = {
  siteId: string;
  day: string;
  conversations: number;
  messages: number;
  answers: number;
  promptTokens: number;
  completionTokens: number;
  ttftP50: number | null;
  ttftP95: number | null;
  errors: number;
  stopped: number;
  fallbacks: number;
};

/** Per site and per day (UTC) of the range: volumes, tokens, time to first token, failure rates. */
export async function dailyStats(
  db: Db,
  range: { from: Date; to: Date; siteId?: string },
): Promise<DailyStats[]> {
  const site = range.siteId ? sql`and ${c.siteId} = ${range.siteId}` : sql``;
  return selectRows<DailyStats>(
    db,
    sql`
    select c.site_id as "siteId", to_char(date_trunc('day', x.created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
      count(distinct c.id)::int as conversations,
      count(*)::int as messages,
      (count(*) filter (where x.role = 'assistant'))::int as answers,
      coalesce(sum(x.prompt_tokens), 0)::int as "promptTokens",
      coalesce(sum(x.completion_tokens), 0)::int as "completionTokens",
      (percentile_cont(0.5) within group (order by x.ttft_ms))::float8 as "ttftP50",
      (percentile_cont(0.95) within group (order by x.ttft_ms))::float8 as "ttftP95",
      (count(*) filter (where x.role = 'assistant' and x.status = 'error'))::int as errors,
      (count(*) filter (where x.role = 'assistant' and x.status = 'stopped'))::int as stopped,
      (count(*) filter (where x.role = 'assistant' and x.fell_back))::int as fallbacks
    from ${m} x join ${c} c on c.id = x.conversation_id
    where x.created_at >= ${range.from.toISOString()}::timestamptz
      and x.created_at < ${range.to.toISOString()}::timestamptz ${site}
    group by 1, 2
    order by 2, 1`,
  );
}
