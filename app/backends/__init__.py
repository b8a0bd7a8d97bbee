"""One module per heavy dependency, each imported only when its feature is used."""
