CREATE TABLE "identity_secrets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "visitor_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"visitor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "visitors" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "identity_secrets" ADD CONSTRAINT "identity_secrets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visitor_tokens" ADD CONSTRAINT "visitor_tokens_visitor_id_visitors_id_fk" FOREIGN KEY ("visitor_id") REFERENCES "public"."visitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "identity_secrets_site_idx" ON "identity_secrets" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "visitor_tokens_visitor_idx" ON "visitor_tokens" USING btree ("visitor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visitors_site_external_idx" ON "visitors" USING btree ("site_id","external_id");