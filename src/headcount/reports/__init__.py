"""Documents analysts hand on: a country's report as PDF, the counts as a workbook."""
