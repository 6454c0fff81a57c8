-- CreateTable
CREATE TABLE "customer_segments" (
    "customer_id" TEXT NOT NULL,
    "run_id" INTEGER NOT NULL,
    "segment" TEXT NOT NULL,
    "r" INTEGER NOT NULL,
    "f" INTEGER NOT NULL,
    "m" INTEGER NOT NULL,
    "recency_days" INTEGER NOT NULL,
    "frequency" INTEGER NOT NULL,
    "monetary" DOUBLE PRECISION NOT NULL,
    "average_basket" DOUBLE PRECISION NOT NULL,
    "cluster_id" INTEGER,
    "cluster_label" TEXT,
    "computed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "customer_segments_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "segment_runs" (
    "id" SERIAL NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL,
    "reference_date" TIMESTAMP(3) NOT NULL,
    "customers" INTEGER NOT NULL,
    "clusters" INTEGER NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,
    "summary" TEXT NOT NULL,

    CONSTRAINT "segment_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_segments_segment_idx" ON "customer_segments"("segment");

-- CreateIndex
CREATE INDEX "segment_runs_computed_at_idx" ON "segment_runs"("computed_at");

