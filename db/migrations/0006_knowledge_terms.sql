-- fastupdate off: new chunks go straight into the text index. With it on they wait in a pending
-- list that every search reads until a vacuum merges it, and the embedded database never vacuums.
CREATE TABLE "knowledge_terms" (
	"site_id" text NOT NULL,
	"word" text NOT NULL,
	"df" integer NOT NULL,
	CONSTRAINT "knowledge_terms_site_id_word_pk" PRIMARY KEY("site_id","word")
);
--> statement-breakpoint
DROP INDEX "knowledge_chunks_search_idx";--> statement-breakpoint
ALTER TABLE "knowledge_terms" ADD CONSTRAINT "knowledge_terms_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "knowledge_chunks_search_idx" ON "knowledge_chunks" USING gin ("search") WITH (fastupdate=false);