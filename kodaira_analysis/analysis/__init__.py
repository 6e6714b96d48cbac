"""The analysis that joins the sources: load(), target assessment, later series, peer measures."""
