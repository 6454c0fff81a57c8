// Public API of @reco/agent: filled in by its issue.
export {};
