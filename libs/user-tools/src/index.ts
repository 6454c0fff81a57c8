// Public API of @reco/user-tools: filled in by its issue.
export {};
