"""One owner per library, and the typed requests every front end sends it.

The store and the registry are opened only by the process that holds the library's lock
(``lock``). That process answers on a private local socket (``server``); any other front
end, the CLI or an assistant's tool server, sends it typed, versioned requests
(``requests``, encoded by ``codec``) through ``client``, which runs them in-process when
nobody owns the library. ``dispatch`` is the one place a request becomes a ``Library``
call. Nothing here imports a front end.
"""
