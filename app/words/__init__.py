"""Tables of translatable words: sentences for codes (errors, statuses, reasons), explanations, names.
Marked with ``N_`` so ``pybabel extract`` finds them; translated when shown."""
