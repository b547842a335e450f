"""Supply signals (issue 21): who has gone without energy long enough that someone should look."""
