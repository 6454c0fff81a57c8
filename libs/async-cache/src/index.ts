// Public API of @reco/async-cache: filled in by its issue.
export {};
