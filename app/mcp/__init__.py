"""``hearth mcp``: the library as a read-only Model Context Protocol server (stdio).

Another front end over the same core: its tools send the owner's typed requests through
a ``LibraryClient``, so they are served by the window or ``hearth watch`` when one of
them owns the library, and by this process otherwise.
"""
