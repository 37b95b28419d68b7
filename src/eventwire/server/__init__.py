"""`eventwire serve`: a read-only query API with ACLED's parameters, and an offline dashboard."""
