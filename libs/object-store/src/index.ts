// Public API of @reco/object-store: filled in by its issue.
export {};
