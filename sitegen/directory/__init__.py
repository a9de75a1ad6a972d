"""Many groups from one folder: directory.yaml, each group's site under /GROUP/, the directory pages and booklet.
May use: sitegen.site and everything below it.
"""
