"""Extraction: an article's sections and the facts in them (people, meetings, agreements, targets, figures).

Pure functions of text and vocabularies: nothing here knows of the warehouse.
"""
