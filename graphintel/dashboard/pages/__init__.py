"""One module per dashboard page; ``app/`` holds one thin file per page that calls its page function."""
