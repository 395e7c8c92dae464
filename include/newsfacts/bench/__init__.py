"""The benchmark: a generated corpus with its gold facts, and the pipeline's stages timed on it."""
