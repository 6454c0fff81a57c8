-- CreateTable
CREATE TABLE "import_attempts" (
    "id" SERIAL NOT NULL,
    "run_id" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "heartbeat_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "import_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staged_products" (
    "attempt_id" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "price" DOUBLE PRECISION NOT NULL,
    "recommendable" BOOLEAN NOT NULL,
    "first_order_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staged_products_pkey" PRIMARY KEY ("attempt_id","product_id")
);

-- CreateTable
CREATE TABLE "staged_customers" (
    "attempt_id" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "first_order_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staged_customers_pkey" PRIMARY KEY ("attempt_id","customer_id")
);

-- CreateTable
CREATE TABLE "staged_orders" (
    "attempt_id" INTEGER NOT NULL,
    "invoice_no" TEXT NOT NULL,
    "customer_id" TEXT,
    "country" TEXT NOT NULL,
    "invoiced_at" TIMESTAMP(3) NOT NULL,
    "cancelled" BOOLEAN NOT NULL,

    CONSTRAINT "staged_orders_pkey" PRIMARY KEY ("attempt_id","invoice_no")
);

-- CreateTable
CREATE TABLE "staged_order_lines" (
    "attempt_id" INTEGER NOT NULL,
    "invoice_no" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "staged_order_lines_pkey" PRIMARY KEY ("attempt_id","invoice_no","line_no")
);

-- CreateIndex
CREATE UNIQUE INDEX "import_attempts_run_id_key" ON "import_attempts"("run_id");

-- AddForeignKey
ALTER TABLE "staged_products" ADD CONSTRAINT "staged_products_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staged_customers" ADD CONSTRAINT "staged_customers_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staged_orders" ADD CONSTRAINT "staged_orders_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staged_order_lines" ADD CONSTRAINT "staged_order_lines_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

