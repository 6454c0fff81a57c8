-- The open data model (issue 14): products, customers and events any shop can send, converted
-- in place from the Online Retail model without losing a row (columns renamed, new ones filled
-- from the old ones, then constrained). Constraint and index names follow Prisma's, so the result
-- is exactly what schema.prisma describes.

-- Customers: attributes and created_at are new; first/last seen become optional.
ALTER TABLE "customers" ALTER COLUMN "country" DROP NOT NULL,
ALTER COLUMN "first_seen_at" DROP NOT NULL,
ALTER COLUMN "last_seen_at" DROP NOT NULL,
ADD COLUMN "attributes" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN "created_at" TIMESTAMP(3);
UPDATE "customers" SET "created_at" = "first_seen_at";
ALTER TABLE "customers" ALTER COLUMN "created_at" SET NOT NULL;

-- Products: stock_code is the id, the UCI description the title, is_merchandise and active
-- become recommendable and available; created at their first order, in GBP (the file's currency).
ALTER TABLE "products" RENAME COLUMN "stock_code" TO "id";
ALTER TABLE "products" RENAME COLUMN "description" TO "title";
ALTER TABLE "products" RENAME COLUMN "latest_unit_price" TO "price";
ALTER TABLE "products" RENAME COLUMN "typical_unit_price" TO "typical_price";
ALTER TABLE "products" RENAME COLUMN "is_merchandise" TO "recommendable";
ALTER TABLE "products" RENAME COLUMN "active" TO "available";
ALTER TABLE "products" ALTER COLUMN "typical_price" DROP NOT NULL,
ADD COLUMN "description" TEXT,
ADD COLUMN "currency" TEXT NOT NULL DEFAULT 'GBP',
ADD COLUMN "categories" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN "tags" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN "created_at" TIMESTAMP(3),
ADD COLUMN "updated_at" TIMESTAMP(3),
ADD COLUMN "image_url" TEXT,
ADD COLUMN "url" TEXT;
UPDATE "products" SET
  "created_at" = COALESCE(
    (SELECT MIN(o."invoiced_at") FROM "order_lines" l JOIN "orders" o ON o."invoice_no" = l."invoice_no" WHERE l."product_code" = "products"."id"),
    (now() AT TIME ZONE 'UTC')::TIMESTAMP(3)
  ),
  "updated_at" = (now() AT TIME ZONE 'UTC')::TIMESTAMP(3);
ALTER TABLE "products" ALTER COLUMN "currency" DROP DEFAULT,
ALTER COLUMN "created_at" SET NOT NULL,
ALTER COLUMN "updated_at" SET NOT NULL;
ALTER INDEX "products_is_merchandise_active_idx" RENAME TO "products_recommendable_available_idx";
CREATE INDEX "products_updated_at_idx" ON "products"("updated_at");

-- Order lines: product_code is product_id.
ALTER TABLE "order_lines" RENAME COLUMN "product_code" TO "product_id";
ALTER TABLE "order_lines" RENAME CONSTRAINT "order_lines_product_code_fkey" TO "order_lines_product_id_fkey";
ALTER INDEX "order_lines_product_code_invoice_no_idx" RENAME TO "order_lines_product_id_invoice_no_idx";

-- Events: the shop's event id (unique; older rows get "legacy-<id>"), sessions, quantity, price,
-- the recommendation a click came from, and when the event was received.
ALTER TABLE "events" RENAME COLUMN "product_code" TO "product_id";
ALTER TABLE "events" ALTER COLUMN "customer_id" DROP NOT NULL,
ADD COLUMN "event_id" TEXT,
ADD COLUMN "session_id" TEXT,
ADD COLUMN "quantity" INTEGER,
ADD COLUMN "price" DOUBLE PRECISION,
ADD COLUMN "recommendation_id" TEXT,
ADD COLUMN "received_at" TIMESTAMP(3);
UPDATE "events" SET "event_id" = 'legacy-' || "id", "received_at" = "occurred_at";
ALTER TABLE "events" ALTER COLUMN "event_id" SET NOT NULL,
ALTER COLUMN "received_at" SET NOT NULL;
ALTER INDEX "events_product_code_occurred_at_idx" RENAME TO "events_product_id_occurred_at_idx";
CREATE UNIQUE INDEX "events_event_id_key" ON "events"("event_id");
CREATE INDEX "events_session_id_occurred_at_idx" ON "events"("session_id", "occurred_at");
CREATE INDEX "events_type_occurred_at_idx" ON "events"("type", "occurred_at");
