ALTER TABLE "conversations" ADD COLUMN "search" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
CREATE INDEX "chat_messages_ended_early_idx" ON "chat_messages" USING btree ("conversation_id") WHERE "chat_messages"."status" in ('error', 'stopped');--> statement-breakpoint
-- The words of many messages as one tsvector (tsvector_concat is what || calls).
CREATE AGGREGATE "parley_tsvector_agg"(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');--> statement-breakpoint
-- conversations.search holds the words of the conversation's finished messages, without positions.
-- Messages stored finished (a question, an import) add theirs once per statement and conversation;
-- an answer adds its words when it stops streaming (its own search column goes from null to words).
CREATE FUNCTION "parley_words_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "conversations" c SET "search" = strip(c."search" || w.words)
  FROM (SELECT "conversation_id", "parley_tsvector_agg"(strip("search")) AS words
        FROM added WHERE "search" IS NOT NULL GROUP BY "conversation_id") w
  WHERE c."id" = w."conversation_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "parley_words_finished"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "conversations" SET "search" = strip("search" || NEW."search") WHERE "id" = NEW."conversation_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "chat_messages_words_inserted" AFTER INSERT ON "chat_messages"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "parley_words_inserted"();--> statement-breakpoint
CREATE TRIGGER "chat_messages_words_finished" AFTER UPDATE ON "chat_messages" FOR EACH ROW
  WHEN (OLD."search" IS NULL AND NEW."search" IS NOT NULL) EXECUTE FUNCTION "parley_words_finished"();--> statement-breakpoint
-- The conversations already stored (the triggers above hold chat_messages from here on).
UPDATE "conversations" c SET "search" = w.words
FROM (SELECT "conversation_id", "parley_tsvector_agg"(strip("search")) AS words
      FROM "chat_messages" WHERE "search" IS NOT NULL GROUP BY "conversation_id") w
WHERE c."id" = w."conversation_id";--> statement-breakpoint
CREATE INDEX "conversations_search_idx" ON "conversations" USING gin ("search");
