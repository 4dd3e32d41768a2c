// The console's list and search at a million messages (issue 13's budget: p95 at most 100 ms on
// PostgreSQL). The messages are written straight into PostgreSQL by SQL (a million through the chat
// would take hours), in the schema the migrations made, with text in several of the chat's languages.
import postgres from 'postgres';
import { rssKb } from './procs.mjs';
import { summarize } from './stats.mjs';

const WORDS = {
  en: 'order shipping delivery refund return parcel invoice account password payment card discount size colour warranty store opening hours address tracking number'.split(
    ' ',
  ),
  fr: 'commande livraison remboursement retour colis facture compte paiement carte réduction taille couleur garantie magasin horaires adresse suivi'.split(
    ' ',
  ),
  de: 'Bestellung Versand Lieferung Rückerstattung Rücksendung Paket Rechnung Konto Zahlung Karte Rabatt Größe Farbe Garantie Geschäft Öffnungszeiten'.split(
    ' ',
  ),
  es: 'pedido envío entrega reembolso devolución paquete factura cuenta pago tarjeta descuento talla color garantía tienda horario dirección'.split(
    ' ',
  ),
  ja: [
    '注文',
    '配送',
    '返品',
    '返金',
    '請求書',
    'アカウント',
    '支払い',
    '割引',
    'サイズ',
    '保証',
    '営業時間',
    '住所',
    '追跡番号',
  ],
  zh: ['订单', '运输', '退货', '退款', '发票', '账户', '付款', '折扣', '尺寸', '保修', '营业时间', '地址'],
  ar: 'طلب شحن توصيل استرداد إرجاع طرد فاتورة حساب دفع بطاقة خصم مقاس لون ضمان متجر'.split(' '),
};

/**
 * Fills the database behind a running Parley to `messages` messages (in conversations of
 * `perConversation`), in batches; returns how long it took. Conversations spread over 90 days; a few
 * have failed or stopped answers and votes, as real ones do.
 */
export async function fillConsole(databaseUrl, { messages, perConversation = 20, onProgress = () => {} }) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const started = Date.now();
  try {
    const [{ n: existing }] = await sql`select count(*)::int as n from chat_messages`;
    const conversations = Math.ceil(Math.max(0, messages - existing) / perConversation);
    const batch = 2000;
    const languages = Object.keys(WORDS);
    for (let done = 0; done < conversations; done += batch) {
      const count = Math.min(batch, conversations - done);
      // One visitor per conversation; words picked at random per message, in the conversation's language.
      await sql.begin(async (tx) => {
        await tx`
          create temporary table fill on commit drop as
          select gen_random_uuid() as conversation, gen_random_uuid() as visitor,
            (${sql.array(languages)}::text[])[1 + (i % ${languages.length})] as lang,
            now() - (random() * interval '90 days') as at
          from generate_series(1, ${count}) i`;
        await tx`insert into visitors (id, site_id, token_hash) select visitor, 'default', md5(visitor::text) from fill`;
        await tx`
          insert into conversations (id, site_id, visitor_id, title, locale, created_at, updated_at)
          select conversation, 'default', visitor, 'Bench conversation', lang, at, at + interval '20 minutes' from fill`;
        await tx`
          insert into chat_messages (id, conversation_id, role, content, status, error_code, model, ttft_ms,
            prompt_tokens, completion_tokens, created_at, updated_at, completed_at)
          select gen_random_uuid(), f.conversation,
            case when n % 2 = 1 then 'user' else 'assistant' end,
            (select string_agg(w.words[1 + floor(random() * array_length(w.words, 1))::int],
               case when f.lang in ('ja', 'zh') then '' else ' ' end)
             from generate_series(1, 6 + (n % 7)) k, (select ${sql.json(WORDS)}::jsonb -> f.lang as j) l,
               lateral (select array(select jsonb_array_elements_text(l.j)) as words) w),
            case when n % 2 = 0 and random() < 0.02 then 'error'
                 when n % 2 = 0 and random() < 0.02 then 'stopped' else 'complete' end,
            null, case when n % 2 = 0 then 'model-a' end, case when n % 2 = 0 then 200 + (random() * 800)::int end,
            case when n % 2 = 0 then 500 end, case when n % 2 = 0 then 60 end,
            f.at + n * interval '1 minute', f.at + n * interval '1 minute', f.at + n * interval '1 minute'
          from fill f, generate_series(1, ${perConversation}) n`;
        await tx`
          update chat_messages set error_code = 'upstream_error'
          where status = 'error' and error_code is null and conversation_id in (select conversation from fill)`;
        await tx`
          insert into message_feedback (message_id, conversation_id, rating)
          select m.id, m.conversation_id, case when random() < 0.7 then 1 else -1 end
          from chat_messages m join fill f on f.conversation = m.conversation_id
          where m.role = 'assistant' and random() < 0.01`;
      });
      onProgress(Math.min(conversations, done + count) * perConversation + existing);
    }
    // As autovacuum would have long done on a database that grew to this size: the rows just
    // written are marked visible and the statistics are fresh (otherwise the first queries pay
    // for that, and autovacuum starting during the measurement shows as p95 spikes).
    await sql`vacuum (analyze)`;
    const [{ n }] = await sql`select count(*)::int as n from chat_messages`;
    return { messages: n, ms: Date.now() - started };
  } finally {
    await sql.end();
  }
}

/** What an owner does in the console, each asked `runs` times through the admin API. */
export const CONSOLE_QUERIES = [
  ['list, newest first', ''],
  [
    'list of one site, last 7 days',
    () => `site=default&from=${new Date(Date.now() - 7 * 86_400_000).toISOString()}`,
  ],
  ['with a failed answer', 'status=error'],
  ['with a thumbs down', 'feedback=down'],
  ['search, a common word', 'q=refund'],
  ['search, two words', 'q=shipping%20invoice'],
  ['search, a rare word', 'q=zanzibar'],
  ['search, Japanese', `q=${encodeURIComponent('返品')}`],
  ['search, Arabic', `q=${encodeURIComponent('فاتورة')}`],
  ['next page of a search', 'q=refund&page=2'],
];

export async function measureConsole(baseUrl, token, { runs, onProgress = () => {} }) {
  const headers = { authorization: `Bearer ${token}` };
  const results = {};
  for (const [label, query] of CONSOLE_QUERIES) {
    let params = typeof query === 'function' ? query() : query;
    if (params.includes('page=2')) {
      params = params.replace('&page=2', '');
      const first = await (await fetch(`${baseUrl}/api/admin/conversations?${params}`, { headers })).json();
      params = `${params}&cursor=${encodeURIComponent(first.next ?? '')}`;
    }
    const url = `${baseUrl}/api/admin/conversations?${params}`;
    const times = [];
    let found = 0;
    let errors = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const response = await fetch(url, { headers });
      const body = await response.json();
      times.push(performance.now() - t0);
      if (!response.ok) errors++;
      found = body.conversations?.length ?? 0;
    }
    onProgress(label);
    results[label] = { ...summarize(times), found, errors };
  }
  return results;
}

/**
 * The whole export (every conversation, every message) streamed from the admin API as the console
 * downloads it: rows, bytes, seconds, and how much the server's resident memory grew over what it
 * held before (sampled every 20 ms). Exporting is meant to run in batches, so the growth must not
 * follow the export's size.
 */
export async function measureExport(baseUrl, token, pid, format = 'jsonl') {
  const headers = { authorization: `Bearer ${token}` };
  const before = rssKb(pid) ?? 0;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, rssKb(pid) ?? 0);
  }, 20);
  const t0 = performance.now();
  let bytes = 0;
  let lines = 0;
  let status = 0;
  try {
    const response = await fetch(`${baseUrl}/api/admin/conversations/export?format=${format}`, { headers });
    status = response.status;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
  } finally {
    clearInterval(sample);
  }
  peak = Math.max(peak, rssKb(pid) ?? 0);
  return {
    format,
    status,
    rows: format === 'csv' ? lines - 1 : lines,
    megabytes: Math.round(bytes / 1e5) / 10,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    rssBeforeMb: Math.round(before / 1024),
    rssGrowthMb: Math.round((peak - before) / 1024),
  };
}
