"""Pure domain rules of budgetmeter, each following a sentence of the seed documents.

No web framework, no store, no UI: stdlib plus opening-hours-py, holidays, python-stdnum, segno.
"""
