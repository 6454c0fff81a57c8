// Public API of @reco/search-tools: filled in by its issue.
export {};
