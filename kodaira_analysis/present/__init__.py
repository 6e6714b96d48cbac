"""The presentation machinery: figure house style, languages and number formats, display, sources, parameters."""
