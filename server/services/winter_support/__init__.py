"""Winter support (issue 21): the OCMW's free minimum gas supply, requested, decided and prepared."""
