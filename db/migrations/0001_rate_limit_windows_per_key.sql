-- Rate-limit counts are short-lived: the old per-window rows are dropped, not converted.
DELETE FROM "rate_limits";--> statement-breakpoint
DROP INDEX "rate_limits_window_idx";--> statement-breakpoint
ALTER TABLE "rate_limits" DROP CONSTRAINT "rate_limits_key_window_start_pk";--> statement-breakpoint
ALTER TABLE "rate_limits" ADD PRIMARY KEY ("key");--> statement-breakpoint
ALTER TABLE "rate_limits" ADD COLUMN "window_end" timestamp with time zone NOT NULL;--> statement-breakpoint
CREATE INDEX "rate_limits_window_end_idx" ON "rate_limits" USING btree ("window_end");--> statement-breakpoint
ALTER TABLE "rate_limits" DROP COLUMN "window_start";