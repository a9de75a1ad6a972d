"""What a volunteer wrote, read and checked: YAML, folder, schema, value parsers, problems, words, themes, Markdown, writing.
May use: nothing else in sitegen; every other subpackage builds on this one.
"""
