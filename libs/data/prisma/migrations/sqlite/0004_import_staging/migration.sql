-- CreateTable
CREATE TABLE "import_attempts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "run_id" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "started_at" DATETIME NOT NULL,
    "heartbeat_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "staged_products" (
    "attempt_id" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "price" REAL NOT NULL,
    "recommendable" BOOLEAN NOT NULL,
    "first_order_at" DATETIME NOT NULL,

    PRIMARY KEY ("attempt_id", "product_id"),
    CONSTRAINT "staged_products_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "staged_customers" (
    "attempt_id" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "first_order_at" DATETIME NOT NULL,

    PRIMARY KEY ("attempt_id", "customer_id"),
    CONSTRAINT "staged_customers_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "staged_orders" (
    "attempt_id" INTEGER NOT NULL,
    "invoice_no" TEXT NOT NULL,
    "customer_id" TEXT,
    "country" TEXT NOT NULL,
    "invoiced_at" DATETIME NOT NULL,
    "cancelled" BOOLEAN NOT NULL,

    PRIMARY KEY ("attempt_id", "invoice_no"),
    CONSTRAINT "staged_orders_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "staged_order_lines" (
    "attempt_id" INTEGER NOT NULL,
    "invoice_no" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "product_id" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price" REAL NOT NULL,

    PRIMARY KEY ("attempt_id", "invoice_no", "line_no"),
    CONSTRAINT "staged_order_lines_attempt_id_fkey" FOREIGN KEY ("attempt_id") REFERENCES "import_attempts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "import_attempts_run_id_key" ON "import_attempts"("run_id");

