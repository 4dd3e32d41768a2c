-- Sites other than "default" kept their origins, locale and prompt in these columns (created by SQL,
-- as docs/embed.md said): they move into the settings an owner sets, where the console shows them.
-- The default site's columns only mirrored the environment, which still applies.
UPDATE "sites" SET "settings" = jsonb_strip_nulls(jsonb_build_object(
  'allowedOrigins', CASE WHEN cardinality("allowed_origins") > 0 THEN to_jsonb("allowed_origins") END,
  'defaultLocale', "default_locale",
  'systemPrompt', "system_prompt"
)) || "settings"
WHERE "id" <> 'default';--> statement-breakpoint
ALTER TABLE "sites" DROP COLUMN "allowed_origins";--> statement-breakpoint
ALTER TABLE "sites" DROP COLUMN "default_locale";--> statement-breakpoint
ALTER TABLE "sites" DROP COLUMN "system_prompt";