"""One action answering recommendations of several of a partnership's sources (an inspection
and a practice review asking for the same training), and the traceability view across them."""
