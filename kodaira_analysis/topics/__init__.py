"""One module per report topic: its figures (chart, alt text, caption and source as one object), its sentences, its tables.

A change to one section of one report touches that topic's module and its notebook, no more.
"""
