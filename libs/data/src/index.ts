// Public API of @reco/data: filled in by its issue.
export {};
