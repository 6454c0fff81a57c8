// Public API of @reco/ml: filled in by its issue.
export {};
