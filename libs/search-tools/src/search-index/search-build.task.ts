// Runs inside a worker thread of the executor pool: tokenising, packing and learning vectors for
// a whole catalogue take seconds at 100,000 products and must stay off the event loop. Loaded by
// module path, so it imports libs by package name.
import { defineTask, withTransfer } from '@reco/executor';
import { buildSearchParts, partsBuffers, type SearchBuildInput } from './search-build';

export default defineTask((input: SearchBuildInput) => {
  const parts = buildSearchParts(input);
  return withTransfer(parts, partsBuffers(parts));
});
