-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "first_seen_at" TIMESTAMP(3) NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "products" (
    "stock_code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "latest_unit_price" DOUBLE PRECISION NOT NULL,
    "typical_unit_price" DOUBLE PRECISION NOT NULL,
    "is_merchandise" BOOLEAN NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("stock_code")
);

-- CreateTable
CREATE TABLE "orders" (
    "invoice_no" TEXT NOT NULL,
    "customer_id" TEXT,
    "country" TEXT NOT NULL,
    "invoiced_at" TIMESTAMP(3) NOT NULL,
    "cancelled" BOOLEAN NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("invoice_no")
);

-- CreateTable
CREATE TABLE "order_lines" (
    "invoice_no" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "order_lines_pkey" PRIMARY KEY ("invoice_no","line_no")
);

-- CreateTable
CREATE TABLE "events" (
    "id" SERIAL NOT NULL,
    "customer_id" TEXT NOT NULL,
    "product_code" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "occurred_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_sessions" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chat_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_messages" (
    "id" SERIAL NOT NULL,
    "session_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "data" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "chat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "metrics" TEXT NOT NULL,
    "object_key" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "products_is_merchandise_active_idx" ON "products"("is_merchandise", "active");

-- CreateIndex
CREATE INDEX "orders_customer_id_invoiced_at_idx" ON "orders"("customer_id", "invoiced_at");

-- CreateIndex
CREATE INDEX "orders_invoiced_at_idx" ON "orders"("invoiced_at");

-- CreateIndex
CREATE INDEX "order_lines_product_code_invoice_no_idx" ON "order_lines"("product_code", "invoice_no");

-- CreateIndex
CREATE INDEX "events_customer_id_occurred_at_idx" ON "events"("customer_id", "occurred_at");

-- CreateIndex
CREATE INDEX "events_product_code_occurred_at_idx" ON "events"("product_code", "occurred_at");

-- CreateIndex
CREATE INDEX "chat_sessions_customer_id_updated_at_idx" ON "chat_sessions"("customer_id", "updated_at");

-- CreateIndex
CREATE INDEX "chat_messages_session_id_id_idx" ON "chat_messages"("session_id", "id");

-- CreateIndex
CREATE INDEX "model_versions_name_active_idx" ON "model_versions"("name", "active");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_name_version_key" ON "model_versions"("name", "version");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_invoice_no_fkey" FOREIGN KEY ("invoice_no") REFERENCES "orders"("invoice_no") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_code_fkey" FOREIGN KEY ("product_code") REFERENCES "products"("stock_code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "chat_sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

