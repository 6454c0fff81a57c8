import type { ShopCounts } from '../shop-generator/generate-shop';

/** One database's import of the shop's three files, each through `reco import <kind> FILE`. */
export interface ImportFigures {
  /** Wall time of the three CLI processes, their after-import steps (search, segments) included. */
  seconds: number;
  /** Rows of the three files over `seconds`. */
  rowsPerSecond: number;
  /** The importers' own time, without process start or after-import steps. */
  importerSeconds: number;
  afterImportSeconds: number;
  peakRssMb: number | null;
  byKind: Record<string, { rows: number; seconds: number; rowsPerSecond: number; rejected: number }>;
}

export interface TrainFigures {
  /** Wall time of `reco train` (hold-out evaluation included, as a user runs it). */
  seconds: number;
  /** The trainer's own figure (metrics.trainMs) in seconds, when it reports one. */
  fitSeconds: number | null;
  peakRssMb: number | null;
  backend: string | null;
  version: string;
  counts: Record<string, number>;
  artifactMb: number;
}

export interface LatencyFigures {
  count: number;
  failures: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** The server's CPU time (all threads) over the calls, per call; null off Linux. */
  cpuMsPerCall: number | null;
}

export interface ServerFigures {
  /** From starting the process to the first answer from the trained model. */
  loadSeconds: number;
  /** Resident memory after the measurements, the model loaded. */
  rssMb: number | null;
  peakRssMb: number | null;
  recommendations: LatencyFigures & { modelShare: number };
  similar: LatencyFigures;
  search: LatencyFigures & { firstMs: number };
  /** The machine's 1-minute load average during the measurements (2 cores here). */
  loadAverage1m: number;
}

/** Everything one `scale <size>` run measured; what failed is named, what ran before it stays. */
export interface ScaleFigures {
  size: string;
  counts: ShopCounts;
  startedAt: string;
  commit: string | null;
  /** The Node.js that ran every stage (the apps are started with the bench's own node). */
  node?: string;
  shop: { reused: boolean; seconds: number; megabytes: number };
  sqlite?: ImportFigures;
  postgres?: ImportFigures;
  train?: TrainFigures;
  server?: ServerFigures;
  failed?: { stage: string; message: string };
}
