"""Supply signals (DESIGN.md v3): who has gone without energy long enough that someone should look."""
