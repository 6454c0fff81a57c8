-- CreateTable
CREATE TABLE "customer_segments" (
    "customer_id" TEXT NOT NULL PRIMARY KEY,
    "run_id" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "r" INTEGER NOT NULL,
    "f" INTEGER NOT NULL,
    "m" INTEGER NOT NULL,
    "recency_days" INTEGER NOT NULL,
    "frequency" INTEGER NOT NULL,
    "monetary" REAL NOT NULL,
    "average_basket" REAL NOT NULL,
    "cluster_id" INTEGER,
    "cluster_label" TEXT,
    "computed_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "segment_runs" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "computed_at" DATETIME NOT NULL,
    "reference_date" DATETIME NOT NULL,
    "customers" INTEGER NOT NULL,
    "clusters" INTEGER NOT NULL,
    "seconds" REAL NOT NULL,
    "summary" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "customer_segments_segment_idx" ON "customer_segments"("segment");

-- CreateIndex
CREATE INDEX "segment_runs_computed_at_idx" ON "segment_runs"("computed_at");

