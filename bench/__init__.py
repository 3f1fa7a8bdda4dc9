"""`make bench`: server-side timings for the journal with 10,000 entries. Not a test."""
