"""The presentation machinery: figure house style, languages and number formats, display, sources, parameters."""

#: "0" in a kernel's environment: figures are rendered to PNG only, without the SVG the report runner saves as
#: a figure file (a third of a figure's rendering). A preview into its own temporary folder sets it; a build's
#: kernels always have "1". (Here, not in style.py, so that the runner can name it without importing matplotlib.)
SVG_ENV = "KODAIRA_FIGURE_SVG"
