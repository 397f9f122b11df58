"""Core: working-day calendar, access log, typed settings and the page shell. Depends on no other app."""
