"""jixiao (绩效): archived budget performance self-evaluation submissions → clean, typed tables."""
