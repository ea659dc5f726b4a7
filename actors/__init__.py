"""The actor runtime: virtual actors, mailboxes, coalescing, supervision and tracing."""
