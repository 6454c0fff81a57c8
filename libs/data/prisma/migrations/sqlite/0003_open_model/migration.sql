-- The open data model (issue 14): products, customers and events any shop can send, converted
-- in place from the Online Retail model without losing a row. SQLite cannot alter a column's
-- type, nullability or default, so the four tables are rebuilt (SQLite's documented procedure):
-- the migrator turns foreign-key enforcement off around this transaction and runs
-- PRAGMA foreign_key_check before it commits, so dropping a parent table neither cascades nor
-- fails, and a broken reference still stops the migration.

-- Customers: attributes and created_at are new; first/last seen become optional.
CREATE TABLE "new_customers" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "country" TEXT,
    "attributes" TEXT NOT NULL DEFAULT '{}',
    "created_at" DATETIME NOT NULL,
    "first_seen_at" DATETIME,
    "last_seen_at" DATETIME
);
INSERT INTO "new_customers" ("id", "country", "attributes", "created_at", "first_seen_at", "last_seen_at")
SELECT "id", "country", '{}', "first_seen_at", "first_seen_at", "last_seen_at" FROM "customers";
DROP TABLE "customers";
ALTER TABLE "new_customers" RENAME TO "customers";

-- Products: stock_code is the id, the UCI description the title, is_merchandise and active
-- become recommendable and available; created at their first order, in GBP (the file's currency).
CREATE TABLE "new_products" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "price" REAL NOT NULL,
    "typical_price" REAL,
    "currency" TEXT NOT NULL,
    "categories" TEXT NOT NULL DEFAULT '[]',
    "tags" TEXT NOT NULL DEFAULT '[]',
    "available" BOOLEAN NOT NULL,
    "recommendable" BOOLEAN NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "image_url" TEXT,
    "url" TEXT
);
INSERT INTO "new_products" ("id", "title", "description", "price", "typical_price", "currency", "categories", "tags", "available", "recommendable", "created_at", "updated_at", "image_url", "url")
SELECT p."stock_code", p."description", NULL, p."latest_unit_price", p."typical_unit_price", 'GBP', '[]', '[]', p."active", p."is_merchandise",
       COALESCE(
         (SELECT MIN(o."invoiced_at") FROM "order_lines" l JOIN "orders" o ON o."invoice_no" = l."invoice_no" WHERE l."product_code" = p."stock_code"),
         strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
       ),
       strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), NULL, NULL
FROM "products" p;
DROP TABLE "products";
ALTER TABLE "new_products" RENAME TO "products";
CREATE INDEX "products_recommendable_available_idx" ON "products"("recommendable", "available");
CREATE INDEX "products_updated_at_idx" ON "products"("updated_at");

-- Order lines: product_code is product_id.
CREATE TABLE "new_order_lines" (
    "invoice_no" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" REAL NOT NULL,

    PRIMARY KEY ("invoice_no", "line_no"),
    CONSTRAINT "order_lines_invoice_no_fkey" FOREIGN KEY ("invoice_no") REFERENCES "orders" ("invoice_no") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "order_lines_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_order_lines" ("invoice_no", "line_no", "product_id", "description", "quantity", "unit_price")
SELECT "invoice_no", "line_no", "product_code", "description", "quantity", "unit_price" FROM "order_lines";
DROP TABLE "order_lines";
ALTER TABLE "new_order_lines" RENAME TO "order_lines";
CREATE INDEX "order_lines_product_id_invoice_no_idx" ON "order_lines"("product_id", "invoice_no");

-- Events: the shop's event id (unique; older rows get "legacy-<id>"), sessions, quantity, price,
-- the recommendation a click came from, and when the event was received.
CREATE TABLE "new_events" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "event_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "session_id" TEXT,
    "product_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "quantity" INTEGER,
    "price" REAL,
    "recommendation_id" TEXT,
    "occurred_at" DATETIME NOT NULL,
    "received_at" DATETIME NOT NULL
);
INSERT INTO "new_events" ("id", "event_id", "customer_id", "session_id", "product_id", "type", "quantity", "price", "recommendation_id", "occurred_at", "received_at")
SELECT "id", 'legacy-' || "id", "customer_id", NULL, "product_code", "type", NULL, NULL, NULL, "occurred_at", "occurred_at" FROM "events";
DROP TABLE "events";
ALTER TABLE "new_events" RENAME TO "events";
CREATE UNIQUE INDEX "events_event_id_key" ON "events"("event_id");
CREATE INDEX "events_customer_id_occurred_at_idx" ON "events"("customer_id", "occurred_at");
CREATE INDEX "events_session_id_occurred_at_idx" ON "events"("session_id", "occurred_at");
CREATE INDEX "events_product_id_occurred_at_idx" ON "events"("product_id", "occurred_at");
CREATE INDEX "events_type_occurred_at_idx" ON "events"("type", "occurred_at");
