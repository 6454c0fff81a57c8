// Public API of @reco/executor: filled in by its issue.
export {};
