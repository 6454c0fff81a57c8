// How training fits its matrices into the memory it is given (TRAIN_MAX_MEMORY_MB).

/** What a shop's training input holds, known before any matrix is built. */
export interface TrainingSize {
  purchaseRows: number;
  interactionRows: number;
  products: number;
  customers: number;
  /** Neighbours kept per item (TrainingOptions.neighbours). */
  neighbours: number;
}

export interface TrainingLimits {
  /** Memory training may use, in MiB (TRAIN_MAX_MEMORY_MB). */
  maxMemoryMb: number;
  /** Most items EASE may cover (its inverse takes h³ time); the rest get cosine neighbours. */
  easeMaxItems: number;
}

export interface TrainingPlan {
  /** Items the EASE head covers; the whole catalogue when it is small enough. */
  easeItems: number;
  /** Estimated peak, in MiB. */
  estimatedMb: number;
}

const MB = 1024 * 1024;
// Calibrated on generated M and L shops (fit peak RSS 1.3 and 1.9 GB): the runtime itself, then bytes per input
// row (columns, the per-customer histories and their working maps), per item (neighbour lists
// of both models, per-item vectors and the sparse product's scratch) and per customer.
const BASE_BYTES = 400 * MB;
const BYTES_PER_PURCHASE_ROW = 160;
const BYTES_PER_INTERACTION_ROW = 90;
const BYTES_PER_CUSTOMER = 200;
const BYTES_PER_ITEM_BASE = 200;
// EASE holds the Gram matrix in JS, its copy and its inverse in the backend, and the read-back.
const EASE_COPIES = 4;
// TensorFlow.js's wasm backend addresses 4 GB: its input and output must fit well inside.
const WASM_MAX_EASE_ITEMS = 16_000;

export const DEFAULT_TRAINING_LIMITS: TrainingLimits = { maxMemoryMb: 4_096, easeMaxItems: 5_000 };

/** Refused before training starts: the shop needs more memory than TRAIN_MAX_MEMORY_MB allows. */
export class TrainingMemoryError extends Error {
  readonly code = 'TRAINING_MEMORY_BUDGET';
  constructor(
    readonly neededMb: number,
    readonly maxMemoryMb: number,
  ) {
    super(
      `training needs about ${neededMb} MB for this shop but TRAIN_MAX_MEMORY_MB is ${maxMemoryMb}: ` +
        `raise TRAIN_MAX_MEMORY_MB (the machine must have that much free) or train on less history`,
    );
    this.name = 'TrainingMemoryError';
  }
}

/**
 * The fixed cost grows linearly with rows, customers and items; what is left of the budget
 * goes to the EASE head (h² floats, EASE_COPIES times), capped by `easeMaxItems` and the wasm
 * address space. Throws TrainingMemoryError when even the linear part does not fit.
 */
export function planTraining(size: TrainingSize, limits: TrainingLimits = DEFAULT_TRAINING_LIMITS): TrainingPlan {
  const budget = limits.maxMemoryMb * MB;
  const perItem = BYTES_PER_ITEM_BASE + 2 * size.neighbours * 8;
  const fixed =
    BASE_BYTES +
    size.purchaseRows * BYTES_PER_PURCHASE_ROW +
    size.interactionRows * BYTES_PER_INTERACTION_ROW +
    size.customers * BYTES_PER_CUSTOMER +
    size.products * perItem;
  if (fixed > budget) throw new TrainingMemoryError(Math.ceil(fixed / MB), limits.maxMemoryMb);
  const fits = Math.floor(Math.sqrt((budget - fixed) / (4 * EASE_COPIES)));
  const easeItems = Math.max(0, Math.min(size.products, limits.easeMaxItems, WASM_MAX_EASE_ITEMS, fits));
  return { easeItems, estimatedMb: Math.ceil((fixed + 4 * EASE_COPIES * easeItems * easeItems) / MB) };
}
