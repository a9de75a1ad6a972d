"""Paper: the poster's content, PDFs printed with WeasyPrint, and the fonts for each script.
May use: sitegen.calendar and sitegen.core.
"""
