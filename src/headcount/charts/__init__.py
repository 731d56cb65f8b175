"""Charts, specified once in Vega-Lite for the workbench (drawn by the browser) and the
reports (rendered to SVG offline by `vl-convert`): the numbers come from the callers; this
package decides marks, axes and colours."""
