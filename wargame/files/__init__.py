"""The gates between wargame and the file system: `read` for every file read, `write` for every output
(both classify paths with `kinds`)."""
