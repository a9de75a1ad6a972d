"""`sitegen serve`: the live preview, served from memory and reloaded on every save.
May use: sitegen.directory, sitegen.site and everything below them; never sitegen.publish.
"""
