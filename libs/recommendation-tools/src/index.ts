// Public API of @reco/recommendation-tools: filled in by its issue.
export {};
