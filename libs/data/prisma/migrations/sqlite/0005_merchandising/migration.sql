-- CreateTable
CREATE TABLE "merchandising_objects" (
    "kind" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "created_by" TEXT NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "updated_by" TEXT NOT NULL,

    PRIMARY KEY ("kind", "id")
);

-- CreateTable
CREATE TABLE "merchandising_changes" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "object_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "body" TEXT
);

-- CreateTable
CREATE TABLE "exposures" (
    "recommendation_id" TEXT NOT NULL PRIMARY KEY,
    "experiment_id" TEXT NOT NULL,
    "arm" TEXT NOT NULL,
    "placement" TEXT,
    "customer_id" TEXT,
    "session_id" TEXT,
    "product_ids" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "merchandising_changes_kind_object_id_idx" ON "merchandising_changes"("kind", "object_id");

-- CreateIndex
CREATE INDEX "exposures_experiment_id_arm_idx" ON "exposures"("experiment_id", "arm");

-- CreateIndex
CREATE INDEX "events_recommendation_id_idx" ON "events"("recommendation_id");

