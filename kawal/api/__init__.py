"""HTTP routes: thin shells over the domain packages' public APIs."""
